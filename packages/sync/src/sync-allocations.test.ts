import { type Allocation, allocationKey } from '@tracker/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryLedger,
  type Ledger,
  LedgerLockedError,
  type SyncEvent,
  type SyncOptions,
  syncAllocations,
} from './index.js';
import { SEND_WINDOW_MARGIN } from './send-window.js';
import type { Sleep } from './sleep.js';
import {
  createFakeSink,
  type FakeSink,
  type FakeSinkOptions,
  makeAllocations,
  sinkError,
} from './testing/fake-sink.js';
import { createVirtualClock, type VirtualClock } from './testing/virtual-clock.js';

const ledgers: Ledger[] = [];
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
});

function setup(sinkOptions: FakeSinkOptions = {}) {
  const ledger = createMemoryLedger();
  ledgers.push(ledger);
  const sink = createFakeSink(sinkOptions);
  const clock = createVirtualClock();
  const events: SyncEvent[] = [];
  const run = (
    allocations: Iterable<Allocation> | AsyncIterable<Allocation>,
    extra: Partial<SyncOptions> = {},
  ) =>
    syncAllocations(allocations, {
      sink,
      ledger,
      sleep: clock.sleep,
      now: clock.now,
      backoff: { baseMs: 100, random: () => 0.5 },
      onEvent: (event) => events.push(event),
      ...extra,
    });
  return { ledger, sink, clock, events, run };
}

const keyOf = (allocation: Allocation) => allocationKey(allocation);
const stateOf = (ledger: Ledger, sink: FakeSink, allocation: Allocation) =>
  ledger.get(sink.target, keyOf(allocation));
const eventTypes = (events: SyncEvent[]) => events.map((event) => event.type);

describe('syncAllocations: the happy path and re-runs', () => {
  it('creates each allocation once, records done + entry id, and skips all of them on a second run', async () => {
    const { ledger, sink, events, run } = setup();
    const allocations = makeAllocations(5);

    const first = await run(allocations);
    expect(first).toMatchObject({
      created: 5,
      skipped: 0,
      failed: 0,
      pending: 0,
      reconciled: 0,
      total: 5,
      remaining: 0,
    });
    expect(first.stopped).toBeUndefined();
    expect(sink.entries.size).toBe(5);
    for (const allocation of allocations) {
      const row = stateOf(ledger, sink, allocation);
      expect(row?.state).toBe('done');
      expect(sink.entries.get(row?.entryId ?? '')).toBe(keyOf(allocation));
      expect(row).toMatchObject({ attempts: 1, start: allocation.start.toISOString().replace('.000Z', 'Z') });
    }
    expect(eventTypes(events)[0]).toBe('started');
    expect(events[0]).toEqual({ type: 'started', total: 5 });
    expect(eventTypes(events).at(-1)).toBe('finished');
    expect(eventTypes(events).filter((type) => type === 'created')).toHaveLength(5);

    const second = await run(allocations);
    expect(second).toMatchObject({ created: 0, skipped: 5, total: 5 });
    expect(sink.pushes()).toHaveLength(5);
    const skippedIds = events
      .filter((e) => e.type === 'skipped')
      .map((e) => (e as { entryId?: string }).entryId);
    expect(new Set(skippedIds)).toEqual(new Set(sink.entries.keys()));
  });

  it('commits pending to the ledger before the request goes out', async () => {
    const allocations = makeAllocations(3);
    const seenAtPush: (string | undefined)[] = [];
    let ledger: Ledger | undefined;
    const { run, ledger: memory } = setup({
      onCall: (call) => {
        if (call.op === 'push') seenAtPush.push(ledger?.get('fake://workspace-1', call.key)?.state);
      },
    });
    ledger = memory;
    await run(allocations);
    expect(seenAtPush).toEqual(['pending', 'pending', 'pending']);
  });

  it('retries rows that failed in an earlier run, and keeps the other runs apart by target', async () => {
    const allocations = makeAllocations(3);
    let reject = true;
    const { ledger, sink, run } = setup({
      script: (call) =>
        reject && call.allocation === allocations[1]
          ? { error: sinkError('rejected', { status: 400 }) }
          : undefined,
    });
    const first = await run(allocations);
    expect(first).toMatchObject({ created: 2, failed: 1 });
    expect(first.failures).toEqual([
      {
        key: keyOf(allocations[1] as Allocation),
        allocation: allocations[1],
        kind: 'rejected',
        message: 'fake rejected',
        status: 400,
      },
    ]);
    expect(stateOf(ledger, sink, allocations[1] as Allocation)).toMatchObject({
      state: 'failed',
      lastErrorKind: 'rejected',
      lastErrorMessage: 'fake rejected',
      entryId: null,
    });

    reject = false;
    const second = await run(allocations);
    expect(second).toMatchObject({ created: 1, skipped: 2, failed: 0 });
    expect(stateOf(ledger, sink, allocations[1] as Allocation)).toMatchObject({ state: 'done', attempts: 2 });

    const otherSink = createFakeSink({ target: 'fake://workspace-2' });
    const elsewhere = await syncAllocations(allocations, { sink: otherSink, ledger });
    expect(elsewhere.created).toBe(3);
    expect(ledger.targets()).toEqual(['fake://workspace-1', 'fake://workspace-2']);
  });

  it('accepts an async iterable and pushes in input order', async () => {
    const allocations = makeAllocations(7);
    const { sink, run, events } = setup();
    async function* slowly() {
      for (const allocation of allocations) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield allocation;
      }
    }
    const report = await run(slowly(), { concurrency: 1 });
    expect(report).toMatchObject({ created: 7, total: 7 });
    expect(events[0]).toEqual({ type: 'started', total: undefined });
    expect(sink.pushes().map((c) => c.allocation)).toEqual(allocations);
  });

  it('starts pushes in input order with several workers', async () => {
    const allocations = makeAllocations(40);
    const clock = createVirtualClock();
    const { sink, run } = setup({ latency: (call) => clock.sleep(10 + (call.index % 3) * 7) });
    await run(allocations, { concurrency: 4 });
    expect(sink.pushes().map((c) => c.allocation)).toEqual(allocations);
  });

  it('never has more calls in flight than the concurrency', async () => {
    const clock = createVirtualClock();
    const { sink, run } = setup({ latency: (call) => clock.sleep(5 + (call.index % 4)) });
    const report = await run(makeAllocations(30), { concurrency: 3 });
    expect(report.created).toBe(30);
    expect(sink.maxInFlight).toBe(3);
  });

  it('commits the intents of workers sending together in one transaction', async () => {
    const { sink, ledger, run } = setup();
    const transaction = ledger.transaction.bind(ledger);
    let commits = 0;
    ledger.transaction = (fn) => {
      commits += 1;
      return transaction(fn);
    };
    const report = await run(makeAllocations(80), { concurrency: 8 });
    expect(report.created).toBe(80);
    expect(sink.pushes()).toHaveLength(80);
    expect(commits).toBeGreaterThanOrEqual(10);
    expect(commits).toBeLessThanOrEqual(20);
  });

  it('runs 64 workers without leaking listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const clock = createVirtualClock();
      const { sink, ledger, run } = setup({
        latency: (call) => clock.sleep(1 + (call.index % 5)),
        script: (call) =>
          call.index % 7 === 0 && call.attempt === 0
            ? { error: sinkError('rate-limited', { retryAfterMs: 5 }) }
            : undefined,
      });
      const report = await run(makeAllocations(200), { concurrency: 64 });
      expect(report.created).toBe(200);
      expect(sink.maxInFlight).toBe(64);
      expect(ledger.counts()).toEqual({ done: 200, pending: 0, failed: 0 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rethrows an error from the input after recording what was in flight, and releases the lock', async () => {
    const { ledger, sink, run } = setup();
    const allocations = makeAllocations(3);
    async function* broken() {
      yield* allocations.slice(0, 2);
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('line 3: not JSON');
    }
    await expect(run(broken())).rejects.toThrow('line 3: not JSON');
    expect(sink.pushes()).toHaveLength(2);
    expect(ledger.counts()).toEqual({ done: 2, pending: 0, failed: 0 });
    expect(() => ledger.acquireLock().release()).not.toThrow();
  });

  it('refuses options out of range before touching anything', async () => {
    const { sink, run } = setup();
    await expect(run(makeAllocations(1), { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(run(makeAllocations(1), { concurrency: 65 })).rejects.toThrow(/1 to 64/);
    await expect(run(makeAllocations(1), { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    expect(sink.calls).toHaveLength(0);
  });
});

describe('syncAllocations: duplicates', () => {
  it('pushes a repeated allocation once and skips the repeat, even with both in flight', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    const clock = createVirtualClock();
    const { sink, run } = setup({ latency: () => clock.sleep(50) });
    const report = await run([a, { ...a }, b, { ...a }], { concurrency: 4 });
    expect(report).toMatchObject({ created: 2, skipped: 2, total: 4 });
    expect(sink.pushes().map((c) => c.key)).toEqual([keyOf(a), keyOf(b)]);
  });

  it('treats the same explicit key as the same entry', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    const { sink, run } = setup();
    const report = await run([
      { ...a, key: 'k1' },
      { ...b, key: 'k1' },
    ]);
    expect(report).toMatchObject({ created: 1, skipped: 1 });
    expect(sink.entries.size).toBe(1);
  });
});

describe('syncAllocations: unknown outcomes and reconciliation', () => {
  it('settles a no-reply with find: an entry that was created counts as created, once', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    const { ledger, sink, run } = setup({
      script: (call) =>
        call.op === 'push' && call.key === keyOf(a) && call.attempt === 0
          ? { error: sinkError('no-reply'), created: true }
          : undefined,
    });
    const report = await run([a, b]);
    expect(report).toMatchObject({ created: 2, reconciled: 0, pending: 0 });
    expect(sink.entries.size).toBe(2);
    expect(sink.pushes().filter((c) => c.key === keyOf(a))).toHaveLength(1);
    expect(sink.finds().map((c) => c.key)).toEqual([keyOf(a)]);
    expect(stateOf(ledger, sink, a)).toMatchObject({ state: 'done', lastErrorKind: 'no-reply' });
  });

  it('pushes again after an unavailable when find says the entry is not there', async () => {
    const [a] = makeAllocations(1) as [Allocation];
    const { sink, run, events } = setup({
      script: (call) =>
        call.op === 'push' && call.attempt === 0
          ? { error: sinkError('unavailable', { status: 503 }) }
          : undefined,
    });
    const report = await run([a]);
    expect(report).toMatchObject({ created: 1, pending: 0 });
    expect(sink.calls.map((c) => c.op)).toEqual(['push', 'find', 'push']);
    expect(sink.entries.size).toBe(1);
    expect(events).toContainEqual({ type: 'waiting', ms: 50, reason: 'backoff' });
  });

  it('leaves an unknown outcome pending when the sink cannot find, and never pushes it blindly again', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    let failing = true;
    const { ledger, sink, run, events } = setup({
      find: false,
      script: (call) =>
        failing && call.key === keyOf(a) ? { error: sinkError('no-reply'), created: true } : undefined,
    });
    const first = await run([a, b]);
    expect(first).toMatchObject({ created: 1, pending: 1, pendingKeys: [keyOf(a)] });
    expect(stateOf(ledger, sink, a)).toMatchObject({
      state: 'pending',
      lastErrorKind: 'no-reply',
      attempts: 1,
    });
    expect(events.find((e) => e.type === 'pending')).toMatchObject({
      key: keyOf(a),
      message: expect.stringMatching(/check by hand/),
    });

    failing = false;
    const second = await run([a, b]);
    expect(second).toMatchObject({ created: 0, skipped: 1, pending: 1, pendingKeys: [keyOf(a)] });
    expect(sink.pushes().filter((c) => c.key === keyOf(a))).toHaveLength(1);
    expect(sink.entries.size).toBe(2);
  });

  it('settles pending rows from an earlier run with find before any push: found → reconciled, absent → pushed', async () => {
    const [found, absent, fresh] = makeAllocations(3) as [Allocation, Allocation, Allocation];
    const { ledger, sink, run, events } = setup();
    // An earlier run announced both and died; the service holds only the first.
    ledger.markPending(sink.target, keyOf(found), found);
    ledger.markPending(sink.target, keyOf(absent), absent);
    const existing = sink.seed(found);

    const report = await run([found, absent, fresh], { concurrency: 1 });
    expect(report).toMatchObject({ reconciled: 1, created: 2, pending: 0 });
    expect(stateOf(ledger, sink, found)).toMatchObject({ state: 'done', entryId: existing, attempts: 1 });
    expect(stateOf(ledger, sink, absent)).toMatchObject({ state: 'done', attempts: 2 });
    expect(sink.entries.size).toBe(3);
    expect(
      sink.calls.map(
        (c) => `${c.op}:${c.key === keyOf(found) ? 'found' : c.key === keyOf(absent) ? 'absent' : 'fresh'}`,
      ),
    ).toEqual(['find:found', 'find:absent', 'push:absent', 'push:fresh']);
    expect(events).toContainEqual({
      type: 'reconciled',
      key: keyOf(found),
      allocation: found,
      entryId: existing,
    });
  });

  it('keeps bad responses and non-SinkError failures pending (the entry may exist)', async () => {
    const [a, b, c] = makeAllocations(3) as [Allocation, Allocation, Allocation];
    const { ledger, sink, run } = setup({
      script: (call) => {
        if (call.op !== 'push' || call.attempt > 0) return undefined;
        if (call.key === keyOf(a))
          return { error: sinkError('bad-response', { status: 201 }), created: true };
        if (call.key === keyOf(b)) return { error: new TypeError('boom') };
        return undefined;
      },
    });
    const report = await run([a, b, c]);
    expect(report).toMatchObject({ created: 1, pending: 2, failed: 0 });
    expect(report.pendingKeys.sort()).toEqual([keyOf(a), keyOf(b)].sort());
    expect(stateOf(ledger, sink, a)).toMatchObject({ state: 'pending', lastErrorKind: 'bad-response' });
    expect(stateOf(ledger, sink, b)).toMatchObject({ state: 'pending', lastErrorKind: 'unknown' });
    expect(stateOf(ledger, sink, b)?.lastErrorMessage).toMatch(/TypeError: boom/);

    // The next run looks them up: a was created, b was not.
    const next = await run([a, b, c]);
    expect(next).toMatchObject({ reconciled: 1, created: 1, skipped: 1 });
    expect(sink.entries.size).toBe(3);
  });

  it('does not take scattered look-up failures over many earlier pending rows for an outage', async () => {
    const allocations = makeAllocations(12);
    const { ledger, sink, run } = setup({
      script: (call) =>
        call.op === 'find' && call.attempt === 0 && call.index % 2 === 0
          ? { error: sinkError('unavailable') }
          : undefined,
    });
    for (const allocation of allocations) {
      ledger.markPending(sink.target, keyOf(allocation), allocation);
      sink.seed(allocation);
    }
    const report = await run(allocations, { concurrency: 1, maxAttempts: 3 });
    expect(report.stopped).toBeUndefined();
    expect(report).toMatchObject({ reconciled: 12, pending: 0 });
    expect(sink.pushes()).toHaveLength(0);
  });

  it('retries a find that hit a network error', async () => {
    const [a] = makeAllocations(1) as [Allocation];
    const { ledger, sink, run } = setup({
      script: (call) =>
        call.op === 'find' && call.attempt === 0 ? { error: sinkError('network') } : undefined,
    });
    ledger.markPending(sink.target, keyOf(a), a);
    const report = await run([a]);
    expect(report).toMatchObject({ created: 1 });
    expect(sink.calls.map((c) => c.op)).toEqual(['find', 'find', 'push']);
  });
});

describe('syncAllocations: rate limits and waiting', () => {
  it('waits Retry-After on a 429, and holds every worker during that pause', async () => {
    const allocations = makeAllocations(6);
    let clock: VirtualClock | undefined;
    const log: string[] = [];
    const setupResult = setup({
      onCall: (call) => log.push(`call ${call.index} at ${clock?.now()}`),
      latency: () => clock?.sleep(10) ?? Promise.resolve(),
      script: (call) => {
        if (call.index !== 1) return undefined;
        log.push(`429 at ${clock?.now()}`);
        return { error: sinkError('rate-limited', { retryAfterMs: 1500, status: 429 }) };
      },
    });
    clock = setupResult.clock;
    const report = await setupResult.run(allocations, { concurrency: 3 });
    expect(report).toMatchObject({ created: 6, failed: 0 });
    expect(setupResult.events).toContainEqual({ type: 'waiting', ms: 1500, reason: 'rate-limited' });
    // The 429 answered at t=10: no call started after it until t=1510.
    const afterLimit = log.slice(log.indexOf('429 at 10') + 1);
    expect(afterLimit).toHaveLength(3); // the retry and the two allocations not yet started
    for (const line of afterLimit) expect(Number(line.split(' at ')[1])).toBeGreaterThanOrEqual(1510);
    expect(setupResult.sink.entries.size).toBe(6);
  });

  it('backs off with jitter when a 429 says nothing, growing per retry', async () => {
    const [a] = makeAllocations(1) as [Allocation];
    const { run, events } = setup({
      script: (call) => (call.attempt < 3 ? { error: sinkError('rate-limited') } : undefined),
    });
    const report = await run([a], { backoff: { baseMs: 100, maxMs: 1000, random: () => 0.5 } });
    expect(report.created).toBe(1);
    expect(events.filter((e) => e.type === 'waiting')).toEqual([
      { type: 'waiting', ms: 50, reason: 'rate-limited' },
      { type: 'waiting', ms: 100, reason: 'rate-limited' },
      { type: 'waiting', ms: 200, reason: 'rate-limited' },
    ]);
  });

  it('stops cleanly once waiting would pass maxWaitMs, leaving the rest for the next run', async () => {
    const allocations = makeAllocations(5);
    let limited = true;
    const { ledger, sink, run } = setup({
      script: (call) =>
        limited && call.index >= 2
          ? { error: sinkError('rate-limited', { retryAfterMs: 60_000 }) }
          : undefined,
    });
    const report = await run(allocations, { concurrency: 1, maxWaitMs: 10_000 });
    expect(report.stopped).toMatchObject({
      kind: 'rate-limited',
      message: expect.stringMatching(/maxWaitMs/),
    });
    expect(report).toMatchObject({ created: 2, failed: 0, pending: 0, remaining: 3, total: 5 });
    // The limited one certainly was not created: failed (retried next run), not pending; the others untouched.
    expect(stateOf(ledger, sink, allocations[2] as Allocation)).toMatchObject({
      state: 'failed',
      lastErrorKind: 'rate-limited',
    });
    expect(stateOf(ledger, sink, allocations[3] as Allocation)).toBeUndefined();
    expect(sink.pushes()).toHaveLength(3);

    limited = false;
    const resumed = await run(allocations);
    expect(resumed).toMatchObject({ created: 3, skipped: 2, remaining: 0 });
    expect(resumed.stopped).toBeUndefined();
    expect(sink.finds()).toHaveLength(0);
  });

  it('counts overlapping waits once against maxWaitMs', async () => {
    let clock: VirtualClock | undefined;
    const result = setup({
      latency: () => clock?.sleep(10) ?? Promise.resolve(),
      script: (call) =>
        call.attempt === 0 ? { error: sinkError('rate-limited', { retryAfterMs: 1000 }) } : undefined,
    });
    clock = result.clock;
    const { run } = result;
    // Four workers hit the same 1 s limit at once: one second of waiting, not four.
    const report = await run(makeAllocations(4), { concurrency: 4, maxWaitMs: 1500 });
    expect(report.stopped).toBeUndefined();
    expect(report.created).toBe(4);
    expect(clock.now()).toBeLessThan(1500);
  });

  it('stops as rate-limited when one allocation keeps getting 429 past maxAttempts', async () => {
    const { sink, run } = setup({
      script: () => ({ error: sinkError('rate-limited', { retryAfterMs: 10 }) }),
    });
    const report = await run(makeAllocations(3), { concurrency: 1, maxAttempts: 3 });
    expect(report.stopped?.kind).toBe('rate-limited');
    expect(sink.pushes()).toHaveLength(3);
    expect(report).toMatchObject({ created: 0, failed: 0, remaining: 3 });
  });

  it('paces calls (pushes and finds) at ratePerSecond with no burst', async () => {
    const allocations = makeAllocations(20);
    let clock: VirtualClock | undefined;
    const times: number[] = [];
    const result = setup({
      onCall: () => times.push(clock?.now() ?? Number.NaN),
      latency: () => clock?.sleep(30) ?? Promise.resolve(),
    });
    clock = result.clock;
    result.ledger.markPending(
      result.sink.target,
      keyOf(allocations[0] as Allocation),
      allocations[0] as Allocation,
    );
    const report = await result.run(allocations, { concurrency: 4, ratePerSecond: 10 });
    expect(report.created).toBe(20);
    expect(times).toHaveLength(21); // one find + 20 pushes
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(100);
    }
    // 20 intervals of 100 ms, and the 2% margin of the send window on each of the two full windows of 10 calls.
    expect(times.at(-1)).toBe(2040);
  });

  it('never sends more than floor(rate) calls in a window of that many intervals plus the margin, even with late timers', async () => {
    const rate = 50;
    const windowMs = 1000 * (1 + SEND_WINDOW_MARGIN);
    let clock: VirtualClock | undefined;
    const times: number[] = [];
    const result = setup({
      onCall: () => times.push(clock?.now() ?? Number.NaN),
      latency: () => clock?.sleep(5) ?? Promise.resolve(),
    });
    clock = result.clock;
    // Some timers fire up to 9 ms late, the rest on time: slots reserved ahead then bunch up.
    let sleeps = 0;
    const lateSleep: Sleep = (ms, signal) => {
      sleeps += 1;
      return result.clock.sleep(ms > 0 ? ms + (sleeps % 4 === 1 ? 9 : sleeps % 7) : ms, signal);
    };
    const report = await result.run(makeAllocations(160), {
      concurrency: 4,
      ratePerSecond: rate,
      sleep: lateSleep,
    });
    expect(report.created).toBe(160);
    expect(times).toHaveLength(160);
    let tightest = Number.POSITIVE_INFINITY;
    for (let i = rate; i < times.length; i += 1) {
      tightest = Math.min(tightest, (times[i] as number) - (times[i - rate] as number));
    }
    expect(tightest).toBeGreaterThanOrEqual(windowMs);
    // ...without giving up much of the rate: at least 95% of it.
    const achieved = (times.length - 1) / (((times.at(-1) as number) - (times[0] as number)) / 1000);
    expect(achieved).toBeGreaterThanOrEqual(rate * 0.95);
  });

  it('spaces calls again after a rate-limit pause instead of releasing the waiting workers together', async () => {
    const interval = 20; // 50 per second
    let clock: VirtualClock | undefined;
    const times: number[] = [];
    let limitedAt = Number.NaN;
    const result = setup({
      onCall: () => times.push(clock?.now() ?? Number.NaN),
      latency: () => clock?.sleep(5) ?? Promise.resolve(),
      script: (call) => {
        // Past the first 50 calls, workers also wait for room in the send window when the 429 comes.
        if (call.index !== 80) return undefined;
        limitedAt = clock?.now() ?? Number.NaN;
        return { error: sinkError('rate-limited', { retryAfterMs: 300, status: 429 }) };
      },
    });
    clock = result.clock;
    const report = await result.run(makeAllocations(120), { concurrency: 4, ratePerSecond: 50 });
    expect(report).toMatchObject({ created: 120, failed: 0 });
    expect(result.events).toContainEqual({ type: 'waiting', ms: 300, reason: 'rate-limited' });
    const afterPause = times.filter((time) => time > limitedAt);
    expect(afterPause).toHaveLength(40); // the retry and the 39 not sent yet
    expect(afterPause[0]).toBeGreaterThanOrEqual(limitedAt + 300);
    for (let i = 1; i < afterPause.length; i += 1) {
      expect((afterPause[i] as number) - (afterPause[i - 1] as number)).toBeGreaterThanOrEqual(interval / 2);
    }
  });

  it('reports long pacing waits as waiting events', async () => {
    const { run, events } = setup();
    await run(makeAllocations(3), { ratePerSecond: 0.5, concurrency: 1 });
    // The 2nd call waits 2000 ms for its slot and 40 (the send window's margin, too short to report) for the
    // window; the 3rd, 1960 for its slot.
    expect(events.filter((e) => e.type === 'waiting')).toEqual([
      { type: 'waiting', ms: 2000, reason: 'pacing' },
      { type: 'waiting', ms: 1960, reason: 'pacing' },
    ]);
  });

  it('wakes a worker waiting for room in the send window when the run is aborted, and records it not sent', async () => {
    const allocations = makeAllocations(3);
    const controller = new AbortController();
    const { ledger, sink, run, clock } = setup();
    // At 0.5/s the 2nd call's slot is at 2000 ms and the window lets it go at 2040: abort in between.
    void clock.sleep(2010).then(() => controller.abort(new Error('Ctrl-C')));
    const report = await run(allocations, {
      ratePerSecond: 0.5,
      concurrency: 1,
      signal: controller.signal,
    });
    expect(report.stopped?.kind).toBe('aborted');
    expect(clock.now()).toBe(2010);
    expect(sink.calls).toHaveLength(1);
    expect(report).toMatchObject({ created: 1, pending: 0 });
    expect(stateOf(ledger, sink, allocations[1] as Allocation)).toMatchObject({
      state: 'failed',
      lastErrorKind: 'not-sent',
    });
  });

  it('paces a real run with real timers', async () => {
    const ledger = createMemoryLedger();
    ledgers.push(ledger);
    const sink = createFakeSink();
    const started = performance.now();
    const report = await syncAllocations(makeAllocations(9), {
      sink,
      ledger,
      ratePerSecond: 40,
      concurrency: 4,
    });
    const elapsed = performance.now() - started;
    expect(report.created).toBe(9);
    // 9 calls at 40/s: the 9th may start 8 × 25 ms after the first, never sooner (1 ms for timer rounding).
    expect(elapsed).toBeGreaterThanOrEqual(199);
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('syncAllocations: stopping', () => {
  it('stops at once on auth: in-flight pushes are recorded, nothing else starts', async () => {
    const allocations = makeAllocations(10);
    let clock: VirtualClock | undefined;
    const {
      ledger,
      sink,
      run,
      clock: c,
    } = setup({
      latency: (call) => clock?.sleep(call.index === 0 ? 5 : 20) ?? Promise.resolve(),
      script: (call) => (call.index === 0 ? { error: sinkError('auth', { status: 401 }) } : undefined),
    });
    clock = c;
    const report = await run(allocations, { concurrency: 3 });
    expect(report.stopped).toEqual({ kind: 'auth', message: 'fake auth' });
    expect(sink.pushes()).toHaveLength(3);
    expect(report).toMatchObject({ created: 2, failed: 0, remaining: 8, total: 10 });
    expect(stateOf(ledger, sink, allocations[0] as Allocation)).toMatchObject({
      state: 'failed',
      lastErrorKind: 'auth',
    });
    expect(stateOf(ledger, sink, allocations[1] as Allocation)?.state).toBe('done');
    expect(stateOf(ledger, sink, allocations[3] as Allocation)).toBeUndefined();
  });

  it('stops on forbidden from a find too', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    const { ledger, sink, run } = setup({
      script: (call) => (call.op === 'find' ? { error: sinkError('forbidden') } : undefined),
    });
    ledger.markPending(sink.target, keyOf(a), a);
    const report = await run([a, b], { concurrency: 1 });
    expect(report.stopped?.kind).toBe('forbidden');
    expect(report).toMatchObject({ pending: 1, pendingKeys: [keyOf(a)], created: 0, remaining: 1 });
    expect(sink.pushes()).toHaveLength(0);
  });

  it('retries a network error with backoff, then succeeds', async () => {
    const { sink, run, events } = setup({
      script: (call) => (call.attempt < 2 ? { error: sinkError('network') } : undefined),
    });
    const report = await run(makeAllocations(1));
    expect(report).toMatchObject({ created: 1 });
    expect(sink.pushes()).toHaveLength(3);
    expect(events.filter((e) => e.type === 'waiting').map((e) => (e as { reason: string }).reason)).toEqual([
      'backoff',
      'backoff',
    ]);
  });

  it('stops as unreachable when the network stays down, without hammering per allocation', async () => {
    const allocations = makeAllocations(20);
    const { ledger, sink, run } = setup({ script: () => ({ error: sinkError('network') }) });
    const report = await run(allocations, { concurrency: 4, maxAttempts: 4 });
    expect(report.stopped).toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/fake network/),
    });
    expect(sink.pushes().length).toBeLessThanOrEqual(4 + 3);
    expect(report).toMatchObject({ created: 0, failed: 0, pending: 0, remaining: 20 });
    expect(ledger.counts(sink.target)).toMatchObject({ pending: 0, done: 0 });
    expect(ledger.rows({ states: ['failed'] }).every((row) => row.lastErrorKind === 'network')).toBe(true);
  });

  it('stops as unreachable on repeated 5xx and leaves the maybe-created entry pending', async () => {
    const [a, b] = makeAllocations(2) as [Allocation, Allocation];
    const { ledger, sink, run } = setup({
      script: (call) =>
        call.op === 'push' ? { error: sinkError('unavailable', { status: 502 }) } : undefined,
    });
    const report = await run([a, b], { concurrency: 1, maxAttempts: 3 });
    expect(report.stopped?.kind).toBe('unreachable');
    expect(report).toMatchObject({ pending: 1, pendingKeys: [keyOf(a)], remaining: 1 });
    expect(stateOf(ledger, sink, a)).toMatchObject({
      state: 'pending',
      lastErrorKind: 'unavailable',
      attempts: 3,
    });
    expect(sink.calls.map((c) => c.op)).toEqual(['push', 'find', 'push', 'find', 'push']);
  });

  it('stops on abort: nothing new starts, in-flight pushes are recorded', async () => {
    const allocations = makeAllocations(10);
    const controller = new AbortController();
    let clock: VirtualClock | undefined;
    const {
      ledger,
      sink,
      run,
      clock: c,
    } = setup({
      latency: () => clock?.sleep(10) ?? Promise.resolve(),
      onCall: (call) => {
        if (call.index === 3) controller.abort(new Error('Ctrl-C'));
      },
    });
    clock = c;
    const report = await run(allocations, { concurrency: 2, signal: controller.signal });
    expect(report.stopped).toMatchObject({ kind: 'aborted', message: expect.stringMatching(/Ctrl-C/) });
    expect(sink.pushes()).toHaveLength(4);
    expect(report).toMatchObject({ created: 4, remaining: 6 });
    expect(ledger.counts()).toEqual({ done: 4, pending: 0, failed: 0 });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { sink, run } = setup();
    const report = await run(makeAllocations(3), { signal: AbortSignal.abort() });
    expect(report.stopped?.kind).toBe('aborted');
    expect(sink.calls).toHaveLength(0);
    expect(report.remaining).toBe(3);
  });

  it('wakes a worker waiting out a long 429 when the run is aborted', async () => {
    const controller = new AbortController();
    const { sink, run } = setup({
      script: (call) => {
        if (call.index === 0) {
          setTimeout(() => controller.abort(), 5);
          return { error: sinkError('rate-limited', { retryAfterMs: 30_000 }) };
        }
        return undefined;
      },
    });
    const report = await run(makeAllocations(2), {
      concurrency: 1,
      signal: controller.signal,
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          const timer = setTimeout(resolve, ms);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
      now: () => performance.now(),
    });
    expect(report.stopped?.kind).toBe('aborted');
    expect(sink.pushes()).toHaveLength(1);
  });
});

describe('syncAllocations: dry run and locking', () => {
  it('dry run reads the ledger, sends nothing, writes nothing', async () => {
    const allocations = makeAllocations(4);
    const { ledger, sink, run, events } = setup();
    await run(allocations.slice(0, 1));
    ledger.markPending(sink.target, keyOf(allocations[1] as Allocation), allocations[1] as Allocation);
    const before = ledger.rows();
    const callsBefore = sink.calls.length;
    const lock = ledger.acquireLock({ command: 'another sync' });
    try {
      const report = await run(allocations, { dryRun: true });
      expect(report).toMatchObject({
        skipped: 1,
        pending: 1,
        wouldCreate: 2,
        created: 0,
        total: 4,
        remaining: 0,
      });
    } finally {
      lock.release();
    }
    expect(sink.calls).toHaveLength(callsBefore);
    expect(ledger.rows()).toEqual(before);
    expect(events.filter((e) => e.type === 'would-create').map((e) => (e as { key: string }).key)).toEqual(
      allocations.slice(2).map(keyOf),
    );
  });

  it('refuses a second concurrent sync on the same ledger, and releases the lock when done', async () => {
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pushStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      pushStarted = resolve;
    });
    const { ledger, sink } = setup({
      latency: () => {
        pushStarted();
        return blocked;
      },
    });
    const first = syncAllocations(makeAllocations(1), { sink, ledger, command: 'tracker sync a.csv' });
    await started;
    const second = syncAllocations(makeAllocations(2), { sink, ledger });
    await expect(second).rejects.toThrow(LedgerLockedError);
    await second.catch((error: LedgerLockedError) => {
      expect(error.holder).toMatchObject({ pid: process.pid, command: 'tracker sync a.csv' });
    });
    release();
    expect((await first).created).toBe(1);
    expect((await syncAllocations(makeAllocations(2), { sink, ledger })).created).toBe(1);
  });

  it('rethrows an error of its own (here a throwing onEvent) after releasing the lock', async () => {
    const { ledger, sink, run } = setup();
    await expect(
      run(makeAllocations(3), {
        onEvent: (event) => {
          if (event.type === 'created') throw new Error('display broke');
        },
      }),
    ).rejects.toThrow('display broke');
    expect(sink.pushes().length).toBeGreaterThan(0);
    expect(() => ledger.acquireLock().release()).not.toThrow();
  });
});
