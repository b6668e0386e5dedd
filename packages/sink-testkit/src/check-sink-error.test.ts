import { SinkError } from '@tracker/core';
import { describe, expect, it } from 'vitest';
import { checkSinkError, findHttpObjectsIn, findSecretIn } from './index.js';

const secret = 'canary-123-secret';
const expectation = { kind: 'unavailable', sink: 'demo', secret } as const;

describe('checkSinkError', () => {
  it('accepts a right SinkError', () => {
    expect(
      checkSinkError(SinkError.unavailable('Demo failed.', { sink: 'demo', status: 503 }), expectation),
    ).toEqual([]);
  });

  it('reports a plain Error without echoing the secret', () => {
    const problems = checkSinkError(new Error(`boom with ${secret}`), expectation);
    expect(problems).toEqual(['expected a SinkError of kind "unavailable", got Error: boom with [secret]']);
  });

  it('reports the wrong kind, the wrong sink and an unreadable retryAfterMs', () => {
    const wrong = SinkError.rateLimited('Demo: slow down.', { sink: 'other', retryAfterMs: Number.NaN });
    const problems = checkSinkError(wrong, expectation).join('\n');
    expect(problems).toMatch(/expected kind "unavailable", got "rate-limited"/);
    expect(problems).toMatch(/expected sink "demo", got "other"/);
    expect(problems).toMatch(/expected maybeCreated true, got false/);
    expect(problems).toMatch(/retryAfterMs must be a non-negative number/);
  });

  it('reports a secret in the cause and a kept Headers object', () => {
    const leaky = SinkError.unavailable('Demo failed.', {
      sink: 'demo',
      cause: { request: { headers: new Headers({ 'x-api-key': secret }) } },
    });
    const problems = checkSinkError(leaky, expectation).join('\n');
    expect(problems).toMatch(/keeps a Headers object at error\.cause\.request\.headers/);
    expect(problems).toMatch(/the secret appears in util\.inspect/);
  });
});

describe('findSecretIn', () => {
  it('finds a secret only showHidden reveals, and nothing in a clean value', () => {
    const error = new Error('clean');
    Object.defineProperty(error, 'config', { value: { key: secret }, enumerable: false });
    expect(findSecretIn(error, secret)).toEqual([
      'the secret appears in util.inspect(value, { depth: Infinity, showHidden: true })',
    ]);
    expect(findSecretIn(new Error('clean'), secret)).toEqual([]);
  });

  it('looks deeper than util.inspect does by default', () => {
    const deep = { a: { b: { c: { d: { e: secret } } } } };
    expect(findSecretIn(deep, secret)).toContain(
      'the secret appears in util.inspect(value, { depth: Infinity })',
    );
  });
});

describe('findHttpObjectsIn', () => {
  it('names the path of a Request kept in a cycle-holding value', () => {
    const cause: Record<string, unknown> = { request: new Request('http://127.0.0.1/') };
    cause.self = cause;
    expect(findHttpObjectsIn({ cause })).toEqual([
      'the error keeps a Request object at error.cause.request; map HTTP errors instead of keeping them',
    ]);
  });
});
