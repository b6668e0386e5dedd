export { KeychainUnavailableError } from './keychain-unavailable.js';
export { createKeyringBackend, type KeyringBackendOptions } from './keyring-backend.js';
export { createMemoryKeychain } from './memory-keychain.js';
export { getSecret, resolveSecret } from './resolve-secret.js';
export {
  type SecretAttempt,
  SecretError,
  type SecretErrorCode,
  type SecretErrorOptions,
  SecretNotFoundError,
  secretErrorCodes,
} from './secret-error.js';
export {
  KEYCHAIN_SERVICE,
  type KeychainBackend,
  type ResolvedSecret,
  type SecretOptions,
  type SecretSourceKind,
  secretFilePath,
  secretSourceKinds,
} from './secret-options.js';
export { deleteSecret, type SecretStore, type StoreSecretOptions, setSecret } from './store-secret.js';
