import { describe, expect, it, vi } from 'vitest';
import { SecretError, type SecretErrorCode, SecretNotFoundError, secretErrorCodes } from './index.js';

describe('SecretError', () => {
  it.each(secretErrorCodes)('carries code %s, the secret name and the source', (code) => {
    const error = new SecretError(code, 'something happened', {
      secretName: 'clockify_api_key',
      source: 'env:X',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code,
      secretName: 'clockify_api_key',
      source: 'env:X',
      name: 'SecretError',
    });
    expect(SecretError.is(error)).toBe(true);
  });

  it('refuses an unknown code', () => {
    expect(() => new SecretError('oops' as SecretErrorCode, 'x')).toThrow(/Unknown SecretError code/);
  });

  it('is() recognises an error built by a second copy of the package', async () => {
    vi.resetModules();
    // A query string makes a second, independent module instance (a non-literal keeps tsc from resolving it).
    const secondCopyUrl = './secret-error.js?copy=2';
    const secondCopy: typeof import('./secret-error.js') = await import(secondCopyUrl);
    expect(secondCopy.SecretError).not.toBe(SecretError);
    const foreign = new secondCopy.SecretNotFoundError('clockify_api_key', []);
    expect(foreign instanceof SecretError).toBe(false);
    expect(SecretError.is(foreign)).toBe(true);
    expect(SecretNotFoundError.is(foreign)).toBe(true);
  });

  it('is() is false for look-alikes and for other codes', () => {
    expect(SecretError.is({ name: 'SecretError', code: 'broken', message: 'x' })).toBe(false);
    expect(SecretError.is(new Error('broken'))).toBe(false);
    expect(SecretError.is(null)).toBe(false);
    expect(SecretNotFoundError.is(new SecretError('broken', 'x'))).toBe(false);
  });

  it('SecretNotFoundError lists each attempt in order and says how to store a key', () => {
    const error = new SecretNotFoundError('clockify_api_key', [
      { source: 'env:CLOCKIFY_API_KEY', reason: 'unset' },
      { source: 'keychain:tracker/clockify_api_key', reason: 'no entry' },
    ]);
    expect(error.name).toBe('SecretNotFoundError');
    expect(error.code).toBe('not-found');
    expect(error.secretName).toBe('clockify_api_key');
    expect(error.message.split('\n')).toEqual([
      'No value for secret "clockify_api_key".',
      'Tried:',
      '  - env:CLOCKIFY_API_KEY: unset',
      '  - keychain:tracker/clockify_api_key: no entry',
      'Store one with: tracker secrets set clockify_api_key  (or: export CLOCKIFY_API_KEY=...)',
    ]);
    expect(Object.isFrozen(error.tried)).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 'not-found',
      secretName: 'clockify_api_key',
      tried: error.tried,
    });
  });
});
