import type { EntryOptions } from '@napi-rs/keyring';
import { foreignErrorMessage, quoteForeignText } from './foreign-text.js';
import { KeychainUnavailableError } from './keychain-unavailable.js';
import type { KeychainBackend } from './secret-options.js';

type KeyringModule = typeof import('@napi-rs/keyring');

export interface KeyringBackendOptions {
  /**
   * Which Linux store to use. `secret-service` (default) is the persistent desktop keychain (GNOME
   * Keyring, KWallet) and is "unavailable" without a D-Bus session. `keyutils` is the kernel keyring,
   * which forgets everything at reboot. `auto` lets @napi-rs/keyring choose (Secret Service, else keyutils).
   */
  linuxStore?: 'secret-service' | 'keyutils' | 'auto';
}

/**
 * The OS keychain through the optional `@napi-rs/keyring` package (macOS Keychain, Windows Credential
 * Manager, Linux Secret Service), imported on first use. When the package or its native binary is
 * missing, every call throws `KeychainUnavailableError`.
 */
export function createKeyringBackend(options: KeyringBackendOptions = {}): KeychainBackend {
  const linuxStore = options.linuxStore ?? 'secret-service';
  const entryOptions: EntryOptions | undefined =
    linuxStore === 'auto' ? undefined : { linux: { store: linuxStore } };
  let loading: Promise<KeyringModule> | undefined;

  const load = (): Promise<KeyringModule> => {
    loading ??= import('@napi-rs/keyring').then(
      (loaded) => ((loaded as { default?: KeyringModule }).default ?? loaded) as KeyringModule,
      (error: unknown) => {
        throw new KeychainUnavailableError(
          `the optional package @napi-rs/keyring is not installed or has no binary for this platform (${quoteForeignText(foreignErrorMessage(error), [], 120)})`,
        );
      },
    );
    return loading;
  };

  // AsyncEntry: a keychain may block (a macOS prompt, a slow D-Bus), which must not freeze the event loop.
  const entry = async (service: string, account: string) => {
    const keyring = await load();
    return new keyring.AsyncEntry(service, account, entryOptions);
  };

  return {
    async get(service, account) {
      const password = await (await entry(service, account)).getPassword();
      return password ?? undefined;
    },
    async set(service, account, value) {
      await (await entry(service, account)).setPassword(value);
    },
    async delete(service, account) {
      return (await entry(service, account)).deleteCredential();
    },
  };
}
