import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryKeychain,
  deleteSecret,
  type KeychainBackend,
  resolveSecret,
  SecretError,
  secretFilePath,
  setSecret,
} from './index.js';
import { rejectionOf, temporaryDirectory } from './test-fixtures.js';

const posix = process.platform !== 'win32';
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('setSecret / deleteSecret with the file store', () => {
  it('writes the trimmed value with mode 0600 in a 0700 directory, and the file source then finds it', async () => {
    const configHome = await temporaryDirectory();
    const stored = await setSecret('clockify_api_key', '  new-key \n', { store: 'file', configHome });
    const path = secretFilePath('clockify_api_key', { configHome });
    expect(stored).toEqual({ source: `file:${path}` });
    expect(await readFile(path, 'utf8')).toBe('new-key\n');
    if (posix) {
      expect(await mode(path)).toBe(0o600);
      expect(await mode(dirname(path))).toBe(0o700);
    }
    await expect(
      resolveSecret('clockify_api_key', { configHome, env: {}, sources: ['file'] }),
    ).resolves.toEqual({
      value: 'new-key',
      source: stored.source,
    });
  });

  it('replaces an existing value atomically, leaving no temporary file behind', async () => {
    const configHome = await temporaryDirectory();
    await setSecret('clockify_api_key', 'first', { store: 'file', configHome });
    await setSecret('clockify_api_key', 'second', { store: 'file', configHome });
    const path = secretFilePath('clockify_api_key', { configHome });
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(dirname(path))).toEqual(['clockify_api_key']);
  });

  it.runIf(posix)(
    'tightens a loose secrets directory and replaces a loose file with a 0600 one',
    async () => {
      const configHome = await temporaryDirectory();
      const path = secretFilePath('clockify_api_key', { configHome });
      await mkdir(dirname(path), { recursive: true });
      await chmod(dirname(path), 0o755);
      await writeFile(path, 'old');
      await chmod(path, 0o644);
      await setSecret('clockify_api_key', 'new', { store: 'file', configHome });
      expect(await mode(dirname(path))).toBe(0o700);
      expect(await mode(path)).toBe(0o600);
    },
  );

  it('fails with store-failed when the directory cannot be created', async () => {
    const configHome = await temporaryDirectory();
    await writeFile(join(configHome, 'tracker'), 'a file where a directory should be');
    const error = await rejectionOf(setSecret('clockify_api_key', 'key', { store: 'file', configHome }));
    expect(SecretError.is(error) && error.code).toBe('store-failed');
    expect((error as Error).message).toMatch(
      /Could not create the directory for the secret file .* \((ENOTDIR|EEXIST)\)/,
    );
  });

  it.each(['', '  \n'])('refuses to store an empty value (%j)', async (value) => {
    const configHome = await temporaryDirectory();
    const error = await rejectionOf(setSecret('clockify_api_key', value, { store: 'file', configHome }));
    expect((error as SecretError).code).toBe('store-failed');
    expect(await readdir(configHome)).toEqual([]);
  });

  it('deletes the file, then reports there was nothing to delete', async () => {
    const configHome = await temporaryDirectory();
    await setSecret('clockify_api_key', 'key', { store: 'file', configHome });
    await expect(deleteSecret('clockify_api_key', { store: 'file', configHome })).resolves.toBe(true);
    await expect(deleteSecret('clockify_api_key', { store: 'file', configHome })).resolves.toBe(false);
  });

  it('fails with store-failed when the path cannot be deleted', async () => {
    const configHome = await temporaryDirectory();
    await mkdir(secretFilePath('clockify_api_key', { configHome }), { recursive: true });
    const error = await rejectionOf(deleteSecret('clockify_api_key', { store: 'file', configHome }));
    expect((error as SecretError).code).toBe('store-failed');
  });

  it('refuses an unknown store', async () => {
    await expect(setSecret('k', 'v', { store: 'vault' as 'file' })).rejects.toThrow(
      /store must be "keychain" or "file"/,
    );
  });
});

describe('setSecret / deleteSecret with the keychain store', () => {
  it('stores under service "tracker", account = the name, where the keychain source finds it', async () => {
    const keychain = createMemoryKeychain();
    const set = vi.spyOn(keychain, 'set');
    const stored = await setSecret('clockify_api_key', ' key \n', { store: 'keychain', keychain });
    expect(stored).toEqual({ source: 'keychain:tracker/clockify_api_key' });
    expect(set).toHaveBeenCalledWith('tracker', 'clockify_api_key', 'key');
    await expect(resolveSecret('clockify_api_key', { sources: ['keychain'], keychain })).resolves.toEqual({
      value: 'key',
      source: stored.source,
    });
    await expect(deleteSecret('clockify_api_key', { store: 'keychain', keychain })).resolves.toBe(true);
    await expect(deleteSecret('clockify_api_key', { store: 'keychain', keychain })).resolves.toBe(false);
  });

  it('says to use the file store when there is no keychain here', async () => {
    const keychain: KeychainBackend = {
      get: async () => undefined,
      set: async () => {
        throw new Error("Couldn't access platform storage: AccessDenied");
      },
      delete: async () => {
        throw new Error("Couldn't access platform storage: AccessDenied");
      },
    };
    const error = await rejectionOf(setSecret('clockify_api_key', 'key', { store: 'keychain', keychain }));
    expect(SecretError.is(error) && error.code).toBe('store-failed');
    expect((error as Error).message).toMatch(/no keychain is available here .* Use the file store instead/);
    const deleteError = await rejectionOf(deleteSecret('clockify_api_key', { store: 'keychain', keychain }));
    expect((deleteError as SecretError).code).toBe('store-failed');
  });

  it('fails with store-failed when the keychain is switched off', async () => {
    const error = await rejectionOf(
      setSecret('clockify_api_key', 'key', { store: 'keychain', keychain: null }),
    );
    expect((error as SecretError).code).toBe('store-failed');
    expect((error as Error).message).toMatch(/switched off/);
  });
});
