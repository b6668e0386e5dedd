import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorkspace,
  duplicatesOf,
  makeAllocations,
  runTracker,
  startTracker,
  type Workspace,
} from './harness.js';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

describe('tracker sync under failure (end to end)', () => {
  it('killed with SIGKILL at many moments, then run until done: exactly one entry per allocation', async () => {
    workspace = await createWorkspace({ faults: { latencyMs: 10 } });
    const ws = workspace;
    const total = 300;
    const input = ws.writeInput('many.json', JSON.stringify(makeAllocations(total, ws.projectIds)));
    const args = ['sync', input, '-c', ws.configPath];
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let kills = 0;
    let killedMidRequest = 0;
    // Two kills during start-up, then kills once the emulator has seen k more requests, so most land while
    // requests are in flight. k varies (deterministically) so the kills fall at different points of a push.
    const plan: Array<{ afterMs: number } | { afterRequests: number }> = [
      { afterMs: 60 },
      { afterMs: 150 },
      ...[1, 7, 3, 12, 2, 20, 5, 9, 15, 4, 25, 6].map((afterRequests) => ({ afterRequests })),
    ];
    for (const point of plan) {
      if (ws.emulator.entries(ws.workspaceId).length >= total) break;
      const before = ws.emulator.requestCount();
      const { child, result } = startTracker(args, { env: ws.env });
      if ('afterMs' in point) await sleep(point.afterMs);
      else {
        const deadline = Date.now() + 20_000;
        while (
          ws.emulator.requestCount() < before + point.afterRequests &&
          Date.now() < deadline &&
          child.exitCode === null
        ) {
          await sleep(2);
        }
      }
      const inFlight = ws.emulator.requests().some((r) => r.status === 0 && r.method === 'POST');
      child.kill('SIGKILL');
      const outcome = await result;
      if (outcome.signal === 'SIGKILL') {
        kills += 1;
        if (inFlight) killedMidRequest += 1;
      }
    }
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(killedMidRequest).toBeGreaterThan(0);
    let finished = false;
    for (let attempt = 0; attempt < 5 && !finished; attempt += 1) {
      const result = await runTracker(args, { env: ws.env });
      finished = result.code === 0;
    }
    expect(finished).toBe(true);
    const entries = ws.emulator.entries(ws.workspaceId);
    expect(duplicatesOf(entries)).toEqual([]);
    expect(entries).toHaveLength(total);
  }, 120_000);

  it('with replies dropped after commit (10%) and 5xx (5%): exactly N entries, no duplicates', async () => {
    workspace = await createWorkspace({ faults: { dropAfterCommit: 0.1, status5xx: 0.05, randomSeed: 7 } });
    const ws = workspace;
    const total = 60;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(total, ws.projectIds)));
    let code: number | null = null;
    for (let run = 0; run < 4 && code !== 0; run += 1) {
      code = (await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env })).code;
    }
    expect(code).toBe(0);
    const entries = ws.emulator.entries(ws.workspaceId);
    expect(duplicatesOf(entries)).toEqual([]);
    expect(entries).toHaveLength(total);
  }, 60_000);

  it('paces itself under a 5/s limit: all created, none twice, within the limit', async () => {
    workspace = await createWorkspace({ rateLimit: { perSecond: 5 } });
    const ws = workspace;
    ws.writeConfig({ rate: 5 });
    const total = 12;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(total, ws.projectIds)));
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(0);
    const entries = ws.emulator.entries(ws.workspaceId);
    expect(entries).toHaveLength(total);
    expect(duplicatesOf(entries)).toEqual([]);
    const creates = ws.emulator.requests().filter((r) => r.method === 'POST' && r.status === 201);
    const span = (creates.at(-1)?.at ?? 0) - (creates[0]?.at ?? 0);
    // 12 creates at 5/s cannot take less than (12 - 1) / 5 s if the pace is kept.
    expect(span).toBeGreaterThanOrEqual(((total - 1) / 5) * 1000 * 0.9);
  }, 60_000);

  it('stops with 75 when the hourly limit is exhausted, and the next run finishes the rest', async () => {
    workspace = await createWorkspace({ rateLimit: { perHour: 4 } });
    const ws = workspace;
    const total = 10;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(total, ws.projectIds)));
    // A small wait budget: the engine backs off on 429s until it is spent, then stops cleanly.
    const first = await runTracker(['sync', input, '-c', ws.configPath, '--max-wait', '1.5'], {
      env: ws.env,
    });
    expect(first.code).toBe(75);
    expect(first.stderr).toMatch(/run the same command again/i);
    const createdFirst = ws.emulator.entries(ws.workspaceId).length;
    expect(createdFirst).toBeGreaterThan(0);
    expect(createdFirst).toBeLessThan(total);
    ws.emulator.setRateLimit(undefined);
    const second = await runTracker(['sync', input, '-c', ws.configPath, '--json'], { env: ws.env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ skipped: createdFirst, created: total - createdFirst });
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(total);
  }, 60_000);
});

describe('tracker sync interrupted', () => {
  it('on Ctrl-C finishes the requests in flight, records them, exits 130, and the next run completes', async () => {
    workspace = await createWorkspace({ faults: { latencyMs: 30 } });
    const ws = workspace;
    const total = 80;
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(total, ws.projectIds)));
    const args = ['sync', input, '-c', ws.configPath, '--json'];
    const { child, result } = startTracker(args, { env: ws.env });
    const deadline = Date.now() + 20_000;
    while (ws.emulator.requestCount() < 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const interrupted = await result;
    expect(interrupted.code).toBe(130);
    const summary = JSON.parse(interrupted.stdout);
    expect(summary.stopped).toMatchObject({ kind: 'aborted' });
    // Everything the emulator stored was recorded as created: nothing is left unknown by a clean stop.
    expect(summary.pending).toBe(0);
    expect(summary.created).toBe(ws.emulator.entries(ws.workspaceId).length);
    expect(summary.created).toBeLessThan(total);
    const resumed = await runTracker(args, { env: ws.env });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      skipped: summary.created,
      created: total - summary.created,
    });
    expect(ws.emulator.entries(ws.workspaceId)).toHaveLength(total);
  }, 60_000);
});
