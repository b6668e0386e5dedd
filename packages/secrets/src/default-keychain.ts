import { createKeyringBackend } from './keyring-backend.js';
import type { KeychainBackend } from './secret-options.js';

let shared: KeychainBackend | undefined;

/** One keyring backend per process, created on first use (creating it does no I/O). */
export function defaultKeychain(): KeychainBackend {
  shared ??= createKeyringBackend();
  return shared;
}
