import { type Allocation, SinkError, type TimeSink } from '@tracker/core';
import type { SinkCapabilities, SinkConformanceHarness, SinkScenario } from '../index.js';

/** Deliberate mistakes, each of which the conformance suite must catch. */
export interface MemorySinkFlaws {
  wrongName?: boolean;
  secretInTarget?: boolean;
  emptyId?: boolean;
  /** `unavailable` is reported as `rejected`. */
  wrongKind?: boolean;
  /** `network` throws the raw fetch error instead of a SinkError. */
  rawNetworkError?: boolean;
  /** `auth` keeps the request headers (and so the key) in its cause. */
  secretInCause?: boolean;
  /** `rejected` hides the key in a non-enumerable property. */
  secretInHiddenProperty?: boolean;
  /** `unavailable` keeps the fetch Response as its cause. */
  keepsResponse?: boolean;
  /** `unavailable` is retried once inside the sink. */
  retriesInside?: boolean;
  /** An aborted signal is not looked at. */
  ignoresAbort?: boolean;
  /** Cancellation is reported as a `no-reply` SinkError. */
  abortAsSinkError?: boolean;
  /** find compares minutes, not seconds. */
  findByMinute?: boolean;
  /** remove resolves but deletes nothing. */
  removeKeepsEntry?: boolean;
  /** check returns an empty identity. */
  emptyIdentity?: boolean;
  /** The sink has `remove`, but the harness does not declare it. */
  undeclaredRemove?: boolean;
}

const SECRET = 'canary-memory-key-7f3a';
const NO_REPLY_AFTER_MS = 50;

/** A harness around an in-memory sink that behaves correctly unless told to break a promise. */
export function createMemoryHarness(flaws: MemorySinkFlaws = {}): SinkConformanceHarness {
  let scenario: SinkScenario = 'created';
  let requests = 0;
  let nextId = 1;
  const entries = new Map<string, Allocation>();
  const sinkName = flaws.wrongName ? 'memory-typo' : 'memory';
  const options = { sink: sinkName };

  function failFor(current: SinkScenario): SinkError | Error | undefined {
    switch (current) {
      case 'created':
        return undefined;
      case 'auth':
        return SinkError.auth('Memory refused the key from options.secret.', {
          ...options,
          cause: flaws.secretInCause ? { headers: { 'x-api-key': SECRET } } : { status: 401 },
        });
      case 'rejected': {
        const error = SinkError.rejected('Memory refused the entry.', options);
        if (flaws.secretInHiddenProperty)
          Object.defineProperty(error, 'request', { value: `key=${SECRET}`, enumerable: false });
        return error;
      }
      case 'unavailable':
        if (flaws.wrongKind) return SinkError.rejected('Memory failed.', options);
        return SinkError.unavailable('Memory failed; the entry may or may not exist.', {
          ...options,
          cause: flaws.keepsResponse ? new Response('oops', { status: 503 }) : { status: 503 },
        });
      default:
        return new SinkError(current, `Memory: ${current}.`, {
          ...options,
          ...(current === 'rate-limited' ? { retryAfterMs: 1000 } : {}),
        });
    }
  }

  function cancellation(signal: AbortSignal): unknown {
    return flaws.abortAsSinkError ? SinkError.noReply('Memory gave up.', options) : signal.reason;
  }

  function sameInstant(a: Date, b: Date): boolean {
    const unit = flaws.findByMinute ? 60_000 : 1000;
    return Math.floor(a.getTime() / unit) === Math.floor(b.getTime() / unit);
  }

  function createSink(): TimeSink {
    const sink: TimeSink = {
      name: sinkName,
      target: flaws.secretInTarget ? `memory:${SECRET}` : 'memory:test',
      async push(allocation, callOptions = {}) {
        const { signal } = callOptions;
        if (signal?.aborted && !flaws.ignoresAbort) throw cancellation(signal);
        if (scenario === 'network') {
          if (flaws.rawNetworkError) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
          throw failFor('network');
        }
        requests += flaws.retriesInside && scenario === 'unavailable' ? 2 : 1;
        if (scenario === 'no-reply') {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, NO_REPLY_AFTER_MS);
            signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(cancellation(signal));
            });
          });
        }
        const failure = failFor(scenario);
        if (failure) throw failure;
        const id = flaws.emptyId ? '' : `entry-${nextId++}`;
        entries.set(id, { ...allocation });
        return id;
      },
      async find(allocation) {
        requests += 1;
        const failure = failFor(scenario);
        if (failure) throw failure;
        for (const [id, entry] of entries) {
          if (
            entry.projectId === allocation.projectId &&
            sameInstant(entry.start, allocation.start) &&
            sameInstant(entry.end, allocation.end)
          ) {
            return id;
          }
        }
        return undefined;
      },
      async remove(entryId) {
        requests += 1;
        const failure = failFor(scenario);
        if (failure) throw failure;
        if (!flaws.removeKeepsEntry) entries.delete(entryId);
      },
      async check() {
        requests += 1;
        const failure = failFor(scenario);
        if (failure) throw failure;
        return {
          identity: flaws.emptyIdentity ? '' : 'Memory User <memory@example.com>',
          details: { entries: String(entries.size) },
        };
      },
    };
    return sink;
  }

  const capabilities: SinkCapabilities = { find: true, remove: !flaws.undeclaredRemove, check: true };
  return {
    name: 'memory',
    secret: SECRET,
    capabilities,
    caseTimeoutMs: 5_000,
    arrange(next) {
      scenario = next;
      requests = 0;
      entries.clear();
    },
    create: createSink,
    requestCount: () => requests,
  };
}
