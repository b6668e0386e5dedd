import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, makeAllocations, runTracker, toNdjson, type Workspace } from './harness.js';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

function createsOf(ws: Workspace) {
  return ws.emulator.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/time-entries'));
}

describe('tracker sync (end to end, against the emulator)', () => {
  it('creates one entry per allocation with the exact body, then skips them all on a second run', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const allocations = makeAllocations(6, ws.projectIds);
    const input = ws.writeInput('week.json', JSON.stringify(allocations));

    const first = await runTracker(['sync', input, '--config', ws.configPath], { env: ws.env });
    expect(first.stderr).not.toMatch(/unexpected/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created 6, skipped 0/);
    const entries = ws.emulator.entries(ws.workspaceId);
    expect(entries).toHaveLength(6);
    const posted = createsOf(ws).map((r) => r.body);
    expect(posted).toHaveLength(6);
    for (const allocation of allocations) {
      expect(posted).toContainEqual({
        start: allocation.start,
        end: allocation.end,
        projectId: allocation.projectId,
        description: 'Development',
      });
    }

    const second = await runTracker(['sync', input, '--config', ws.configPath, '--json'], { env: ws.env });
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary).toMatchObject({ created: 0, skipped: 6, failed: 0, pending: 0, total: 6 });
    expect(createsOf(ws)).toHaveLength(6);
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(6);
  });

  it('reads NDJSON and CSV (with a header, from stdin) into the same entries', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const [a, b] = makeAllocations(2, ws.projectIds);
    const ndjson = ws.writeInput('a.ndjson', toNdjson([a]));
    const csv = `projectId,start,end\n${b?.projectId},${b?.start},${b?.end}\n`;
    expect((await runTracker(['sync', ndjson, '-c', ws.configPath], { env: ws.env })).code).toBe(0);
    const fromStdin = await runTracker(['sync', '-', '--format', 'csv', '-c', ws.configPath], {
      env: ws.env,
      input: csv,
    });
    expect(fromStdin.code).toBe(0);
    expect(
      ws.emulator
        .entries(ws.workspaceId)
        .map((e) => e.timeInterval.start)
        .sort(),
    ).toEqual([a?.start, b?.start].sort());
  });

  it('refuses a malformed input with every problem located, and sends nothing', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const [good] = makeAllocations(1, ws.projectIds);
    const input = ws.writeInput(
      'bad.ndjson',
      [
        JSON.stringify(good),
        JSON.stringify({ ...good, start: '2026-02-04T15:00:00' }),
        '{"projectId": ',
        JSON.stringify({ ...good, end: good?.start }),
      ].join('\n'),
    );
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'line 2: start: "2026-02-04T15:00:00" has no time zone; add Z or an offset like +01:00',
    );
    expect(result.stderr).toMatch(/line 3: .*not valid JSON/);
    expect(result.stderr).toMatch(/line 4: end: .* is not after start/);
    expect(result.stderr).toContain('nothing was sent');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(ws.emulator.requestCount()).toBe(0);
  });

  it('exits 3 naming the key source when the key is refused, without printing the key', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(3, ws.projectIds)));
    const canary = 'canary-key-5f3a9c0d1e2b';
    const result = await runTracker(['sync', input, '-c', ws.configPath], {
      env: { ...ws.env, CLOCKIFY_API_KEY: canary },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('env:CLOCKIFY_API_KEY');
    expect(result.stdout + result.stderr).not.toContain(canary);
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(0);
  });

  it('exits 3 with every place it looked when there is no key at all, before writing anything', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(1, ws.projectIds)));
    const result = await runTracker(['sync', input, '-c', ws.configPath], {
      env: { ...ws.env, CLOCKIFY_API_KEY: undefined },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('CLOCKIFY_API_KEY');
    expect(result.stderr).toContain('tracker secrets set clockify_api_key');
    expect(ws.emulator.requestCount()).toBe(0);
  });

  it('exits 1 for one bad project among many, lists it, and creates the others', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const allocations = makeAllocations(5, ws.projectIds);
    const badProject = 'ffffffffffffffffffffffff';
    const withBad = allocations.map((a, i) => (i === 2 ? { ...a, projectId: badProject } : a));
    const input = ws.writeInput('a.json', JSON.stringify(withBad));
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('item 3');
    expect(result.stderr).toContain(badProject);
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(4);
  });

  it('exits 4 when the service cannot be reached', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(2, ws.projectIds)));
    await ws.emulator.stop();
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/127\.0\.0\.1/);
  });

  it('dry run sends nothing and says what it would create', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(3, ws.projectIds)));
    const result = await runTracker(['sync', input, '-c', ws.configPath, '--dry-run'], {
      env: { ...ws.env, CLOCKIFY_API_KEY: undefined },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/would create 3, skip 0/);
    expect(ws.emulator.requestCount()).toBe(0);
  });

  it('refuses a second concurrent sync on the same ledger', async () => {
    workspace = await createWorkspace({ faults: { latencyMs: 50 } });
    const ws = workspace;
    ws.writeConfig({ concurrency: 1 });
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(30, ws.projectIds)));
    const first = runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    // Wait until the first run is sending, so it holds the lock.
    const deadline = Date.now() + 20_000;
    while (ws.emulator.requestCount() === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const second = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/Another sync is running .*pid \d+/);
    expect((await first).code).toBe(0);
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(30);
  });
});
