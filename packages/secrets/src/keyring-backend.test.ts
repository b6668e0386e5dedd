import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createKeyringBackend,
  KeychainUnavailableError,
  resolveSecret,
  SecretError,
  SecretNotFoundError,
  setSecret,
} from './index.js';
import { rejectionOf } from './test-fixtures.js';

// A random account so that no real entry is ever matched.
const probeName = `tracker_secrets_probe_${process.pid}`;
const headlessLinux = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;

afterEach(() => {
  vi.doUnmock('@napi-rs/keyring');
  vi.resetModules();
});

describe('the default keychain (@napi-rs/keyring)', () => {
  it.runIf(headlessLinux)(
    'is skipped as unavailable on a Linux box with no D-Bus session, without crashing',
    async () => {
      const error = await rejectionOf(resolveSecret(probeName, { env: {}, sources: ['keychain'] }));
      expect(SecretNotFoundError.is(error)).toBe(true);
      expect((error as SecretNotFoundError).tried).toEqual([
        {
          source: `keychain:tracker/${probeName}`,
          reason: expect.stringMatching(/^unavailable \(.*(DBus|platform)/i),
        },
      ]);
    },
  );

  it.runIf(headlessLinux)('refuses to store on such a box and points to the file store', async () => {
    const error = await rejectionOf(setSecret(probeName, 'never-stored', { store: 'keychain' }));
    expect(SecretError.is(error) && error.code).toBe('store-failed');
    expect((error as Error).message).toMatch(/Use the file store instead/);
  });

  it('never crashes a lookup, whatever this machine has', async () => {
    for (const linuxStore of ['secret-service', 'auto'] as const) {
      const keychain = createKeyringBackend({ linuxStore });
      const error = await rejectionOf(resolveSecret(probeName, { env: {}, sources: ['keychain'], keychain }));
      expect(SecretNotFoundError.is(error)).toBe(true);
    }
  });

  it('is unavailable, not a crash, when the package cannot be loaded', async () => {
    vi.doMock('@napi-rs/keyring', () => {
      throw new Error('Cannot find native binding');
    });
    const fresh = await import('./index.js');
    const error = await rejectionOf(fresh.createKeyringBackend().get('tracker', probeName));
    expect(KeychainUnavailableError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/@napi-rs\/keyring is not installed or has no binary/);

    const notFound = await rejectionOf(fresh.resolveSecret(probeName, { env: {}, sources: ['keychain'] }));
    expect((notFound as SecretNotFoundError).tried[0]?.reason).toMatch(/^unavailable \(the optional package/);
  });
});
