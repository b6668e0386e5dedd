import { foreignErrorMessage, quoteForeignText } from './foreign-text.js';

const KEYCHAIN_UNAVAILABLE = Symbol.for('@tracker/secrets/keychain-unavailable');

// What @napi-rs/keyring (keyring-rs) says when there is no keychain to talk to: no D-Bus session, no
// Secret Service, storage locked away from this process.
const UNAVAILABLE_MESSAGE = /platform storage|platform failure|d-?bus|secret ?service|org\.freedesktop/i;

/** Thrown by a `KeychainBackend` to say "there is no keychain here": the lookup skips it with a note. */
export class KeychainUnavailableError extends Error {
  declare readonly [KEYCHAIN_UNAVAILABLE]: true;

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, KEYCHAIN_UNAVAILABLE, { value: true });
    this.name = 'KeychainUnavailableError';
  }

  static is(value: unknown): value is KeychainUnavailableError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[KEYCHAIN_UNAVAILABLE] === true
    );
  }
}

/** A short note when `error` means "no keychain here"; undefined when it is a real failure. */
export function keychainUnavailableNote(error: unknown): string | undefined {
  const message = foreignErrorMessage(error);
  if (KeychainUnavailableError.is(error) || UNAVAILABLE_MESSAGE.test(message)) {
    return quoteForeignText(message, [], 200);
  }
  return undefined;
}
