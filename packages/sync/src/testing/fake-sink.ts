import { type Allocation, allocationKey, SinkError, type SinkErrorKind, type TimeSink } from '@tracker/core';

export interface FakeCall {
  op: 'push' | 'find';
  allocation: Allocation;
  key: string;
  /** 0-based, over all calls of this sink. */
  index: number;
  /** 0-based, over calls of this op for this key. */
  attempt: number;
}

/** What a scripted call does instead of succeeding: throw `error`, after creating the entry when `created`. */
export interface FakeOutcome {
  error: unknown;
  created?: boolean;
}

export interface FakeSinkOptions {
  target?: string;
  /** Offer `find`. Default true. */
  find?: boolean;
  /** Decides each call's fate; return undefined for the normal behaviour. */
  script?: (call: FakeCall) => FakeOutcome | undefined;
  /** Runs at the start of every call, before it does anything (e.g. to inspect the ledger). */
  onCall?: (call: FakeCall) => void;
  /** Awaited inside each call, to keep calls in flight (e.g. a virtual sleep). */
  latency?: (call: FakeCall) => Promise<void>;
}

export interface FakeSink extends TimeSink {
  /** Entries the service holds: id → allocation key. */
  readonly entries: Map<string, string>;
  readonly calls: FakeCall[];
  readonly maxInFlight: number;
  pushes(): FakeCall[];
  finds(): FakeCall[];
  /** Puts an entry in the service as if an earlier run had created it. */
  seed(allocation: Allocation): string;
}

export function sinkError(
  kind: SinkErrorKind,
  options: { retryAfterMs?: number; status?: number } = {},
): SinkError {
  return new SinkError(kind, `fake ${kind}`, { sink: 'fake', ...options });
}

/** An in-memory TimeSink whose every call can be scripted to fail in any way a real service fails. */
export function createFakeSink(options: FakeSinkOptions = {}): FakeSink {
  const entries = new Map<string, string>();
  const calls: FakeCall[] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let nextId = 1;

  const create = (key: string) => {
    const id = `entry-${nextId++}`;
    entries.set(id, key);
    return id;
  };
  const lookUp = (key: string) => [...entries].find(([, entryKey]) => entryKey === key)?.[0];

  const call = async <T>(
    op: FakeCall['op'],
    allocation: Allocation,
    succeed: (key: string) => T,
  ): Promise<T> => {
    const key = allocationKey(allocation);
    const attemptKey = `${op}:${key}`;
    const attempt = attempts.get(attemptKey) ?? 0;
    attempts.set(attemptKey, attempt + 1);
    const record: FakeCall = { op, allocation, key, index: calls.length, attempt };
    calls.push(record);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      options.onCall?.(record);
      await options.latency?.(record);
      const outcome = options.script?.(record);
      if (outcome) {
        if (outcome.created) create(key);
        throw outcome.error;
      }
      return succeed(key);
    } finally {
      inFlight -= 1;
    }
  };

  const sink: FakeSink = {
    name: 'fake',
    target: options.target ?? 'fake://workspace-1',
    entries,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    pushes: () => calls.filter((c) => c.op === 'push'),
    finds: () => calls.filter((c) => c.op === 'find'),
    seed: (allocation) => create(allocationKey(allocation)),
    push: (allocation) => call('push', allocation, create),
  };
  if (options.find !== false) sink.find = (allocation) => call('find', allocation, lookUp);
  return sink;
}

/** `count` distinct allocations, an hour each, one after another from 2026-02-02T08:00:00Z. */
export function makeAllocations(count: number, projectId = 'project-1'): Allocation[] {
  const base = Date.UTC(2026, 1, 2, 8);
  return Array.from({ length: count }, (_, i) => ({
    projectId,
    start: new Date(base + i * 3_600_000),
    end: new Date(base + (i + 1) * 3_600_000),
  }));
}
