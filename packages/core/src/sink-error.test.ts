import { describe, expect, it, vi } from 'vitest';
import { SinkError, type SinkErrorKind, sinkErrorKinds } from './index.js';

const expected: Record<SinkErrorKind, [retryable: boolean, maybeCreated: boolean]> = {
  auth: [false, false],
  forbidden: [false, false],
  rejected: [false, false],
  'rate-limited': [true, false],
  unavailable: [true, true],
  network: [true, false],
  'no-reply': [true, true],
  'bad-response': [false, true],
  config: [false, false],
};

describe('SinkError', () => {
  it.each(sinkErrorKinds)('derives retryable and maybeCreated for %s from the kinds table', (kind) => {
    const error = new SinkError(kind, 'something happened', { sink: 'test', status: 500, code: 501 });
    expect([error.retryable, error.maybeCreated]).toEqual(expected[kind]);
    expect(error.kind).toBe(kind);
    expect(error.sink).toBe('test');
    expect(error).toBeInstanceOf(Error);
  });

  it('named factories build the same kinds', () => {
    const options = { sink: 'test' };
    expect(SinkError.rateLimited('slow down', { ...options, retryAfterMs: 2000 })).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 2000,
      retryable: true,
    });
    expect(SinkError.noReply('x', options).kind).toBe('no-reply');
    expect(SinkError.badResponse('x', options).maybeCreated).toBe(true);
    expect(SinkError.config('x', options).retryable).toBe(false);
  });

  it('refuses an unknown kind', () => {
    expect(() => new SinkError('oops' as SinkErrorKind, 'x', { sink: 'test' })).toThrow(
      /Unknown SinkError kind/,
    );
  });

  it('is() recognises an error built by a second copy of the package', async () => {
    vi.resetModules();
    // A query string makes vite load a second, independent instance of the module.
    const secondCopyUrl = './sink-error.js?copy=2';
    const secondCopy: typeof import('./sink-error.js') = await import(/* @vite-ignore */ secondCopyUrl);
    expect(secondCopy.SinkError).not.toBe(SinkError);
    const foreign = new secondCopy.SinkError('auth', 'nope', { sink: 'other' });
    expect(foreign instanceof SinkError).toBe(false);
    expect(SinkError.is(foreign)).toBe(true);
    expect(secondCopy.SinkError.is(new SinkError('network', 'x', { sink: 'a' }))).toBe(true);
  });

  it('is() is false for look-alikes', () => {
    expect(
      SinkError.is({ name: 'SinkError', kind: 'auth', retryable: false, maybeCreated: false, message: 'x' }),
    ).toBe(false);
    expect(SinkError.is(new Error('auth'))).toBe(false);
    expect(SinkError.is(null)).toBe(false);
    expect(SinkError.is('SinkError')).toBe(false);
    const forged = { kind: 'made-up', [Symbol.for('@tracker/core/sink-error')]: true };
    expect(SinkError.is(forged)).toBe(false);
  });

  it('serialises without its cause', () => {
    const error = new SinkError('rejected', 'bad project', {
      sink: 'test',
      status: 400,
      code: 501,
      cause: { body: 'x' },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'SinkError',
      kind: 'rejected',
      sink: 'test',
      message: 'bad project',
      status: 400,
      code: 501,
      retryable: false,
      maybeCreated: false,
    });
  });
});
