import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, makeAllocations, runTracker, toNdjson, type Workspace } from './harness.js';

// Deterministic by default; TRACKER_TEST_SEED replays another run. fast-check prints seed and path on failure.
const seed = Number(process.env.TRACKER_TEST_SEED ?? 20260204);

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

/** One way to spoil a record; each is a mistake a real upstream could make. */
const corruption = fc.oneof(
  fc.constant((r: Record<string, unknown>) => ({ ...r, start: String(r.start).replace('Z', '') })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, start: r.end, end: r.start })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, projectId: '' })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, end: '2026-02-30T10:00:00Z' })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, extra: 1 })),
  // Raw text and bytes start with "x" so they can never be a blank line, a comment or a valid record by chance.
  fc.string({ maxLength: 40 }).map((text) => () => `x${text}`),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => () => `x${Buffer.from(bytes).toString('latin1')}`),
);

describe('tracker sync on generated garbage', () => {
  it('always exits 2 with a located message and no stack trace, and sends nothing', async () => {
    const valid = makeAllocations(4, ws.projectIds);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('json', 'ndjson', 'csv'),
        fc.integer({ min: 0, max: valid.length }),
        corruption,
        async (format, position, spoil) => {
          const records: unknown[] = [...valid];
          records.splice(position, 0, spoil({ ...(valid[0] as Record<string, unknown>) }));
          const content =
            format === 'json'
              ? `[${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(',')}]`
              : format === 'ndjson'
                ? toNdjson(records).replace(/^"(.*)"$/gm, '$1')
                : records
                    .map((r) =>
                      typeof r === 'string'
                        ? r
                        : [
                            `${(r as { projectId: string }).projectId}`,
                            (r as { start: string }).start,
                            (r as { end: string }).end,
                            ...('extra' in (r as object) ? ['', 'x'] : []),
                          ].join(','),
                    )
                    .join('\n');
          const input = ws.writeInput(`garbage.${format}`, content);
          const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
          expect(result.code).toBe(2);
          expect(result.stderr).toMatch(/(line|item) \d+|input: /);
          expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
          expect(result.stderr).not.toMatch(/unexpected error/);
          expect(ws.emulator.requestCount()).toBe(0);
        },
      ),
      { seed, numRuns: 25 },
    );
  }, 120_000);
});
