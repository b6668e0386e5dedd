import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryKeychain,
  type KeychainBackend,
  KeychainUnavailableError,
  resolveSecret,
  SecretError,
  SecretNotFoundError,
} from '../index.js';
import { nodeCommand, rejectionOf } from '../test-fixtures.js';

const failingKeychain = (error: unknown): KeychainBackend => ({
  get: async () => {
    throw error;
  },
  set: async () => {},
  delete: async () => false,
});

describe('keychain source', () => {
  it('reads service "tracker", account = the name, trimmed', async () => {
    const keychain = createMemoryKeychain({ 'tracker/clockify_api_key': ' key-in-keychain\n' });
    const get = vi.spyOn(keychain, 'get');
    const resolved = await resolveSecret('clockify_api_key', { env: {}, sources: ['keychain'], keychain });
    expect(resolved).toEqual({ value: 'key-in-keychain', source: 'keychain:tracker/clockify_api_key' });
    expect(get).toHaveBeenCalledWith('tracker', 'clockify_api_key');
  });

  it('is absent when there is no entry', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { sources: ['keychain'], keychain: createMemoryKeychain() }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'keychain:tracker/clockify_api_key', reason: 'no entry' },
    ]);
  });

  it.each([
    "Couldn't access platform storage: AccessDenied",
    'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time',
  ])('skips a keychain that throws "%s", names it in the not-found message, and goes on', async (message) => {
    const options = {
      env: {},
      sources: ['keychain' as const, 'command' as const],
      keychain: failingKeychain(new Error(message)),
    };
    const error = await rejectionOf(resolveSecret('clockify_api_key', options));
    expect(SecretNotFoundError.is(error)).toBe(true);
    expect((error as Error).message).toContain(
      `keychain:tracker/clockify_api_key: unavailable (${message.slice(0, 40)}`,
    );

    const found = await resolveSecret('clockify_api_key', {
      ...options,
      commands: { clockify_api_key: nodeCommand("process.stdout.write('from-command')") },
    });
    expect(found.value).toBe('from-command');
  });

  it('skips a backend that throws KeychainUnavailableError', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', {
        sources: ['keychain'],
        keychain: failingKeychain(new KeychainUnavailableError('no keychain in this container')),
      }),
    );
    expect(SecretNotFoundError.is(error) && error.tried[0]?.reason).toBe(
      'unavailable (no keychain in this container)',
    );
  });

  it('is broken when the keychain fails for another reason', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', {
        sources: ['keychain', 'env'],
        env: { CLOCKIFY_API_KEY: 'would-be-found' },
        keychain: failingKeychain(new Error('Entry is matched by 2 credentials: Ambiguous')),
      }),
    );
    expect(SecretError.is(error) && error.code).toBe('broken');
    expect((error as Error).message).toContain('Ambiguous');
  });

  it('is broken when the entry is empty', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', {
        sources: ['keychain'],
        keychain: createMemoryKeychain({ 'tracker/clockify_api_key': '  ' }),
      }),
    );
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(
      /is empty\. Store the key again with: tracker secrets set clockify_api_key/,
    );
  });

  it('keychain: null switches it off without calling anything', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { sources: ['keychain'], keychain: null }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'keychain:tracker/clockify_api_key', reason: 'switched off' },
    ]);
  });
});
