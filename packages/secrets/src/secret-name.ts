import { SecretError } from './secret-error.js';

const SECRET_NAME = /^[a-z0-9_]+$/;
// Names become env variables and file names: keep them well under any file-name limit.
const MAX_NAME_LENGTH = 128;

/**
 * Returns the name when it is `[a-z0-9_]+`, else throws `invalid-name`. The message never echoes the
 * input: a caller who passes a key where a name belongs must not see the key printed back.
 */
export function assertSecretName(name: unknown): string {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && SECRET_NAME.test(name)) return name;
  const got =
    typeof name === 'string'
      ? `a ${name.length}-character string${name.length > MAX_NAME_LENGTH ? ' (too long)' : ''}`
      : name === null
        ? 'null'
        : `a ${typeof name}`;
  throw new SecretError(
    'invalid-name',
    `Invalid secret name: use only lowercase letters, digits and "_", at most ${MAX_NAME_LENGTH} characters (for example clockify_api_key); got ${got}.`,
  );
}

/** `clockify_api_key` → `CLOCKIFY_API_KEY`. */
export function secretEnvVariable(secretName: string): string {
  return secretName.toUpperCase();
}
