import { describe, expect, it } from 'vitest';
import { deleteSecret, getSecret, resolveSecret, SecretError, secretFilePath, setSecret } from './index.js';
import { rejectionOf } from './test-fixtures.js';

const offline = { env: {}, keychain: null, sources: ['env' as const] };

describe('secret names', () => {
  it.each(['clockify_api_key', 'a', 'key_2', '0'])('accepts %s', async (name) => {
    await expect(getSecret(name, { ...offline, env: { [name.toUpperCase()]: 'v' } })).resolves.toBe('v');
  });

  it.each([
    ['upper case', 'Clockify_Api_Key'],
    ['a hyphen', 'clockify-api-key'],
    ['a path', '../etc/passwd'],
    ['a slash', 'a/b'],
    ['empty', ''],
    ['a space', 'api key'],
    ['too long', 'a'.repeat(129)],
  ])('refuses a name with %s, in every function', async (_, name) => {
    for (const attempt of [
      resolveSecret(name, offline),
      getSecret(name, offline),
      setSecret(name, 'value', { ...offline, store: 'file', configHome: '/nonexistent' }),
      deleteSecret(name, { ...offline, store: 'file', configHome: '/nonexistent' }),
    ]) {
      const error = await rejectionOf(attempt);
      expect(SecretError.is(error) && error.code).toBe('invalid-name');
      expect((error as Error).message).toMatch(/lowercase letters, digits and "_"/);
    }
    expect(() => secretFilePath(name)).toThrow(/Invalid secret name/);
  });

  it('refuses a name that is not a string', async () => {
    const error = await rejectionOf(getSecret(42 as unknown as string, offline));
    expect((error as SecretError).code).toBe('invalid-name');
    expect((error as Error).message).toMatch(/got a number/);
  });

  it('does not echo the refused name back (it may be a key passed by mistake)', async () => {
    const pastedKey = 'YzQ1NTk4ZDEtZjRjZC00MDU0LWJiNWUtYjcw';
    const error = await rejectionOf(getSecret(pastedKey, offline));
    expect((error as Error).message).not.toContain(pastedKey);
    expect((error as Error).message).toMatch(/36-character string/);
  });
});
