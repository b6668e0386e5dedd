import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defaultKeychain } from './default-keychain.js';
import { errorCode, foreignErrorMessage, quoteForeignText } from './foreign-text.js';
import { keychainUnavailableNote } from './keychain-unavailable.js';
import { SecretError } from './secret-error.js';
import { assertSecretName } from './secret-name.js';
import {
  KEYCHAIN_SERVICE,
  type KeychainBackend,
  type SecretOptions,
  secretFilePath,
} from './secret-options.js';

export type SecretStore = 'keychain' | 'file';

export type StoreSecretOptions = SecretOptions & { store: SecretStore };

/**
 * Stores a secret in the OS keychain or in `<configHome>/tracker/secrets/<name>` (written atomically,
 * mode 0600, in a 0700 directory). Resolves with the source a later lookup will report.
 */
export async function setSecret(
  name: string,
  value: string,
  options: StoreSecretOptions,
): Promise<{ source: string }> {
  const secretName = assertSecretName(name);
  const store = assertStore(options?.store);
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') {
    throw new SecretError('store-failed', `Refusing to store an empty value for ${secretName}.`, {
      secretName,
    });
  }
  if (store === 'file') {
    const path = secretFilePath(secretName, options);
    await writePrivateFile(path, `${trimmed}\n`, secretName, trimmed);
    return { source: `file:${path}` };
  }
  const source = keychainSourceName(secretName);
  const keychain = storeKeychain(options, secretName);
  try {
    await keychain.set(KEYCHAIN_SERVICE, secretName, trimmed);
  } catch (error) {
    throw keychainStoreFailed('Could not store', secretName, error, [trimmed]);
  }
  return { source };
}

/** Removes a stored secret. Resolves `true` when there was one to remove, `false` when there was none. */
export async function deleteSecret(name: string, options: StoreSecretOptions): Promise<boolean> {
  const secretName = assertSecretName(name);
  const store = assertStore(options?.store);
  if (store === 'file') {
    const path = secretFilePath(secretName, options);
    try {
      await unlink(path);
      return true;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return false;
      throw new SecretError(
        'store-failed',
        `Could not delete the secret file ${path} (${code ?? 'unknown error'}).`,
        {
          secretName,
          source: `file:${path}`,
          cause: { code },
        },
      );
    }
  }
  const keychain = storeKeychain(options, secretName);
  try {
    return await keychain.delete(KEYCHAIN_SERVICE, secretName);
  } catch (error) {
    throw keychainStoreFailed('Could not delete', secretName, error, []);
  }
}

function assertStore(store: unknown): SecretStore {
  if (store === 'keychain' || store === 'file') return store;
  throw new TypeError(`store must be "keychain" or "file", got ${JSON.stringify(store)}`);
}

function keychainSourceName(secretName: string): string {
  return `keychain:${KEYCHAIN_SERVICE}/${secretName}`;
}

function storeKeychain(options: SecretOptions, secretName: string): KeychainBackend {
  if (options.keychain === null) {
    throw new SecretError(
      'store-failed',
      `The keychain is switched off; store ${secretName} in a file instead.`,
      {
        secretName,
        source: keychainSourceName(secretName),
      },
    );
  }
  return options.keychain ?? defaultKeychain();
}

function keychainStoreFailed(
  action: string,
  secretName: string,
  error: unknown,
  knownValues: string[],
): SecretError {
  const source = keychainSourceName(secretName);
  const note = keychainUnavailableNote(error);
  const message =
    note === undefined
      ? `${action} ${source}: ${quoteForeignText(foreignErrorMessage(error), knownValues)}`
      : `${action} ${source}: no keychain is available here (${quoteForeignText(note, knownValues)}). Use the file store instead (tracker secrets set ${secretName} --store file).`;
  return new SecretError('store-failed', message, {
    secretName,
    source,
    cause: { unavailable: note !== undefined },
  });
}

// Write a temp file beside the target, then rename: a reader sees the old key or the new one, never half.
async function writePrivateFile(
  path: string,
  content: string,
  secretName: string,
  value: string,
): Promise<void> {
  const directory = dirname(path);
  const temporary = `${directory}/.${secretName}.${randomBytes(6).toString('hex')}.tmp`;
  let step = 'create the directory';
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    step = 'make the directory private';
    // mkdir leaves an existing directory as it was; tighten it (we only ever touch our own secrets dir).
    if (process.platform !== 'win32') await chmod(directory, 0o700);
    step = 'write a temporary file';
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only narrow 0600, but be explicit in case the file system ignored the mode.
    if (process.platform !== 'win32') await chmod(temporary, 0o600);
    step = 'move the new file into place';
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    const code = errorCode(error);
    throw new SecretError(
      'store-failed',
      `Could not ${step} for the secret file ${path} (${code ?? quoteForeignText(foreignErrorMessage(error), [value], 120)}).`,
      { secretName, source: `file:${path}`, cause: { code } },
    );
  }
}
