import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEMO_API_KEY,
  DEMO_PROJECT_IDS,
  DEMO_WORKSPACE_ID,
  type Emulator,
  type EmulatorOptions,
  startClockifyEmulator,
} from './index.js';
import { createTestClient } from './test-client.js';

const ENTRIES = `/workspaces/${DEMO_WORKSPACE_ID}/time-entries`;
const body = { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId: DEMO_PROJECT_IDS[0] };

/** A fetch that failed because the server destroyed the socket: undici's "other side closed". */
async function expectDroppedConnection(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TypeError);
  expect((error as TypeError).message).toBe('fetch failed');
  expect(((error as TypeError).cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
}

describe('faults', () => {
  let emulator: Emulator;
  afterEach(() => emulator.stop());

  async function start(options: EmulatorOptions) {
    emulator = await startClockifyEmulator(options);
    return createTestClient(emulator, DEMO_API_KEY);
  }

  it('status5xx answers a server error and stores nothing', async () => {
    const call = await start({ faults: { script: { 1: 'status5xx' } } });
    const failed = await call('POST', ENTRIES, { body });
    expect([500, 502, 503]).toContain(failed.status);
    expect(emulator.entries()).toEqual([]);
    expect(emulator.requests()[0]).toMatchObject({ status: failed.status, fault: 'status5xx' });
    expect((await call('POST', ENTRIES, { body })).status).toBe(201);
    expect(emulator.entries()).toHaveLength(1);
  });

  it('dropBeforeCommit destroys the socket and stores nothing', async () => {
    const call = await start({ faults: { script: { 1: 'dropBeforeCommit' } } });
    await expectDroppedConnection(call('POST', ENTRIES, { body }));
    expect(emulator.entries()).toEqual([]);
    expect(emulator.requests()[0]).toMatchObject({ status: 0, fault: 'dropBeforeCommit' });
  });

  it('dropAfterCommit stores the entry exactly once, and the client sees a dropped connection', async () => {
    const call = await start({ faults: { script: { 2: 'dropAfterCommit' } } });
    expect((await call('POST', ENTRIES, { body: { ...body, description: 'first' } })).status).toBe(201);
    await expectDroppedConnection(call('POST', ENTRIES, { body: { ...body, description: 'dropped' } }));
    const stored = emulator.entries().filter((entry) => entry.description === 'dropped');
    expect(stored).toHaveLength(1);
    expect(emulator.entries()).toHaveLength(2);
    // The entry is really there: the client can find it afterwards, as a reconciling sync would.
    const user = emulator.seed.users[0]?.id;
    const listed = await call('GET', `/workspaces/${DEMO_WORKSPACE_ID}/user/${user}/time-entries`);
    expect((listed.json as Array<{ id: string }>).map((entry) => entry.id)).toContain(stored[0]?.id);
  });

  it('dropAfterCommit on an invalid create answers the error as usual', async () => {
    const call = await start({ faults: { script: { 1: 'dropAfterCommit' } } });
    const reply = await call('POST', ENTRIES, { body: { ...body, projectId: 'nope' } });
    expect(reply.status).toBe(400);
  });

  it('hang never answers, and stop() still finishes and ends the request', async () => {
    const call = await start({ faults: { script: { 1: 'hang' } } });
    const pending = call('POST', ENTRIES, { body }).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(
      () => expect(emulator.requests().some((request) => request.fault === 'hang')).toBe(true),
      {
        timeout: 5000,
      },
    );
    await emulator.stop();
    expect(await pending).toBe('failed');
    expect(emulator.entries()).toEqual([]);
  });

  it('counts only creates for the script; setFaults and reset restart the count', async () => {
    const call = await start({ faults: { script: { 2: 'status5xx' } } });
    await call('GET', '/user');
    expect((await call('POST', ENTRIES, { body })).status).toBe(201);
    expect((await call('POST', ENTRIES, { body })).status).toBeGreaterThanOrEqual(500);
    expect((await call('POST', ENTRIES, { body })).status).toBe(201);
    emulator.reset();
    expect((await call('POST', ENTRIES, { body })).status).toBe(201);
    expect((await call('POST', ENTRIES, { body })).status).toBeGreaterThanOrEqual(500);
    emulator.setFaults({ script: { 1: 'dropBeforeCommit' } });
    await expectDroppedConnection(call('POST', ENTRIES, { body }));
    emulator.setFaults(undefined);
    expect((await call('POST', ENTRIES, { body })).status).toBe(201);
  });

  it('applies probabilities with a seeded PRNG: the same seed gives the same outcomes', async () => {
    const outcomes: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const call = await start({ faults: { status5xx: 0.5, randomSeed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await call('POST', ENTRIES, { body })).status);
      expect(emulator.entries()).toHaveLength(statuses.filter((status) => status === 201).length);
      outcomes.push(statuses);
      await emulator.stop();
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toContain(201);
    expect(outcomes[0]?.some((status) => status >= 500)).toBe(true);
  });

  it('a probability of 1 hits every create and nothing else', async () => {
    const call = await start({ faults: { dropAfterCommit: 1 } });
    await expectDroppedConnection(call('POST', ENTRIES, { body }));
    await expectDroppedConnection(call('POST', ENTRIES, { body }));
    expect((await call('GET', '/user')).status).toBe(200);
    expect(emulator.entries()).toHaveLength(2);
  });

  it('latencyMs delays every answer', async () => {
    const call = await start({ faults: { latencyMs: 60 } });
    const started = performance.now();
    expect((await call('GET', '/user')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('logs a request on arrival: a delayed one already counts, with status 0 until answered', async () => {
    const call = await start({ faults: { latencyMs: 60_000 } });
    const pending = call('GET', '/user').then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(emulator.requestCount()).toBe(1), { timeout: 5000 });
    expect(emulator.requests()[0]).toMatchObject({ path: '/api/v1/user', status: 0 });
    await emulator.stop();
    expect(await pending).toBe('failed');
  });

  it('refuses impossible fault settings', async () => {
    await expect(startClockifyEmulator({ faults: { hang: 1.5 } })).rejects.toThrow(RangeError);
    await start({});
    expect(() => emulator.setFaults({ script: { 0: 'hang' } })).toThrow(/1-based/);
    expect(() => emulator.setFaults({ latencyMs: -1 })).toThrow(RangeError);
  });
});
