import { describe, expect, it } from 'vitest';
import { resolveSecret, SecretNotFoundError } from '../index.js';
import { rejectionOf } from '../test-fixtures.js';

const onlyEnv = { sources: ['env' as const], keychain: null };

describe('env source', () => {
  it('reads the upper-cased name and trims it', async () => {
    const resolved = await resolveSecret('clockify_api_key', {
      ...onlyEnv,
      env: { CLOCKIFY_API_KEY: '  key-1\n' },
    });
    expect(resolved).toEqual({ value: 'key-1', source: 'env:CLOCKIFY_API_KEY' });
  });

  it('ignores the lower-case spelling', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...onlyEnv, env: { clockify_api_key: 'x' } }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'env:CLOCKIFY_API_KEY', reason: 'unset' },
    ]);
  });

  it.each(['', '   \n'])('counts a blank value (%j) as absent, not broken', async (blank) => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...onlyEnv, env: { CLOCKIFY_API_KEY: blank } }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'env:CLOCKIFY_API_KEY', reason: 'set but empty' },
    ]);
  });

  it('moves on to the next source when blank', async () => {
    const resolved = await resolveSecret('clockify_api_key', {
      sources: ['env', 'keychain'],
      env: { CLOCKIFY_API_KEY: ' ' },
      keychain: { get: async () => 'from-keychain', set: async () => {}, delete: async () => false },
    });
    expect(resolved.source).toBe('keychain:tracker/clockify_api_key');
  });

  it('defaults to process.env', async () => {
    process.env.TRACKER_SECRETS_TEST_ENV_DEFAULT = 'from-process';
    try {
      const resolved = await resolveSecret('tracker_secrets_test_env_default', onlyEnv);
      expect(resolved.value).toBe('from-process');
    } finally {
      delete process.env.TRACKER_SECRETS_TEST_ENV_DEFAULT;
    }
  });
});
