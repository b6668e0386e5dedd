/** One request as the emulator saw it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. `/api/v1/workspaces/…/time-entries`. */
  path: string;
  /** The query string without `?`, `''` when none. */
  query: string;
  /** The status answered; `0` while unanswered, and when a fault dropped the connection or left it hanging. */
  status: number;
  /** Lower-case names; `x-api-key`, `x-addon-token` and `authorization` values read `[REDACTED]`. */
  headers: Record<string, string | string[] | undefined>;
  /** The request body: parsed JSON when it parses, else the text. Absent when empty. */
  body?: unknown;
  /** When it arrived, in epoch milliseconds (the emulator's clock). */
  at: number;
  /** The user the API key belongs to, once authenticated. */
  userId?: string;
  /** The fault applied, if any. */
  fault?: 'status5xx' | 'dropBeforeCommit' | 'dropAfterCommit' | 'hang';
}

export interface RequestLog {
  add(request: RecordedRequest): void;
  /** Oldest first, at most `capacity`. */
  list(): RecordedRequest[];
  /** Every request since start or `clear`, including those no longer kept. */
  readonly count: number;
  clear(): void;
}

/** A ring of the last `capacity` requests, so a benchmark cannot exhaust memory. */
export function createRequestLog(capacity: number): RequestLog {
  let ring: RecordedRequest[] = [];
  let next = 0;
  let count = 0;
  return {
    add(request) {
      count += 1;
      if (ring.length < capacity) ring.push(request);
      else {
        ring[next] = request;
        next = (next + 1) % capacity;
      }
    },
    list() {
      return ring.length < capacity ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)];
    },
    get count() {
      return count;
    },
    clear() {
      ring = [];
      next = 0;
      count = 0;
    },
  };
}
