import { SinkError, type SinkErrorKind, sinkErrorTraits } from '@tracker/core';
import { describeThrown, findSecretIn } from './inspect-for-secret.js';

export interface SinkErrorExpectation {
  kind: SinkErrorKind;
  /** The sink's name, which the error must carry. */
  sink: string;
  /** A canary that must not appear anywhere in the error. */
  secret: string;
}

/**
 * What is wrong with `error` as the sink's answer to a failure: not a `SinkError`, the wrong kind or flags, a
 * leaked secret, or a raw HTTP object kept inside (those print request headers). Empty when all is right.
 */
export function checkSinkError(error: unknown, expected: SinkErrorExpectation): string[] {
  if (!SinkError.is(error)) {
    return [`expected a SinkError of kind "${expected.kind}", got ${describeThrown(error, expected.secret)}`];
  }
  const problems: string[] = [];
  const traits = sinkErrorTraits[expected.kind];
  if (error.kind !== expected.kind) {
    problems.push(
      `expected kind "${expected.kind}", got "${error.kind}" (${describeThrown(error, expected.secret)})`,
    );
  }
  if (error.sink !== expected.sink) problems.push(`expected sink "${expected.sink}", got "${error.sink}"`);
  if (error.retryable !== traits.retryable)
    problems.push(`expected retryable ${traits.retryable}, got ${error.retryable}`);
  if (error.maybeCreated !== traits.maybeCreated) {
    problems.push(`expected maybeCreated ${traits.maybeCreated}, got ${error.maybeCreated}`);
  }
  if (typeof error.message !== 'string' || error.message.trim() === '')
    problems.push('the error has no message');
  if (
    error.retryAfterMs !== undefined &&
    !(
      typeof error.retryAfterMs === 'number' &&
      Number.isFinite(error.retryAfterMs) &&
      error.retryAfterMs >= 0
    )
  ) {
    problems.push(
      `retryAfterMs must be a non-negative number of milliseconds, got ${String(error.retryAfterMs)}`,
    );
  }
  problems.push(...findSecretIn(error, expected.secret));
  problems.push(...findHttpObjectsIn(error));
  return problems;
}

const HTTP_CLASSES = ['Request', 'Response', 'Headers'] as const;

/** Paths to fetch `Request`/`Response`/`Headers` objects kept inside a value (e.g. a raw HTTP error as `cause`). */
export function findHttpObjectsIn(value: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const visit = (current: unknown, path: string, depth: number): void => {
    if (typeof current !== 'object' || current === null || seen.has(current) || depth > 8) return;
    seen.add(current);
    for (const name of HTTP_CLASSES) {
      const httpClass = globalThis[name];
      if (typeof httpClass === 'function' && current instanceof httpClass) {
        found.push(`the error keeps a ${name} object at ${path}; map HTTP errors instead of keeping them`);
        return;
      }
    }
    for (const key of Reflect.ownKeys(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, key);
      if (descriptor && 'value' in descriptor) visit(descriptor.value, `${path}.${String(key)}`, depth + 1);
    }
  };
  visit(value, 'error', 0);
  return found;
}
