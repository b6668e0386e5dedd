import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMemoryKeychain,
  resolveSecret,
  SecretError,
  SecretNotFoundError,
  secretFilePath,
} from '../index.js';
import { rejectionOf, temporaryDirectory } from '../test-fixtures.js';

const posix = process.platform !== 'win32';
const isRoot = process.getuid?.() === 0;

async function configWithSecret(content: string, mode: number) {
  const configHome = await temporaryDirectory();
  const path = join(configHome, 'tracker', 'secrets', 'clockify_api_key');
  await mkdir(join(configHome, 'tracker', 'secrets'), { recursive: true, mode: 0o700 });
  await writeFile(path, content);
  await chmod(path, mode);
  return { configHome, path, options: { configHome, env: {}, sources: ['file' as const], keychain: null } };
}

describe('file source (<configHome>/tracker/secrets/<name>)', () => {
  it('accepts a 0600 file, trimmed', async () => {
    const { path, options } = await configWithSecret('key-in-config\n', 0o600);
    await expect(resolveSecret('clockify_api_key', options)).resolves.toEqual({
      value: 'key-in-config',
      source: `file:${path}`,
    });
  });

  it.runIf(posix).each([0o644, 0o640, 0o604, 0o660])(
    'refuses mode %o (group or others have access) with the chmod fix, even if a later source has a key',
    async (mode) => {
      const { path, options } = await configWithSecret('key', mode);
      const error = await rejectionOf(
        resolveSecret('clockify_api_key', {
          ...options,
          sources: ['file', 'keychain'],
          keychain: createMemoryKeychain({ 'tracker/clockify_api_key': 'other' }),
        }),
      );
      expect(SecretError.is(error) && error.code).toBe('broken');
      expect((error as SecretError).source).toBe(`file:${path}`);
      expect((error as Error).message).toContain(`mode 0${mode.toString(8)}`);
      expect((error as Error).message).toContain(`chmod 600 ${path}`);
    },
  );

  it.runIf(posix)('quotes a path with spaces in the chmod fix', async () => {
    const configHome = join(await temporaryDirectory(), 'my config');
    const path = join(configHome, 'tracker', 'secrets', 'clockify_api_key');
    await mkdir(join(configHome, 'tracker', 'secrets'), { recursive: true });
    await writeFile(path, 'key', { mode: 0o644 });
    await chmod(path, 0o644);
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { configHome, sources: ['file'], keychain: null }),
    );
    expect((error as Error).message).toContain(`chmod 600 '${path}'`);
  });

  it('is absent when the file is missing, naming the path', async () => {
    const configHome = await temporaryDirectory();
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { configHome, env: {}, sources: ['file'] }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: `file:${join(configHome, 'tracker', 'secrets', 'clockify_api_key')}`, reason: 'missing' },
    ]);
  });

  it('is absent when a parent of the path is a plain file', async () => {
    const configHome = await temporaryDirectory();
    await writeFile(join(configHome, 'tracker'), 'not a directory');
    const error = await rejectionOf(resolveSecret('clockify_api_key', { configHome, sources: ['file'] }));
    expect(SecretNotFoundError.is(error)).toBe(true);
  });

  it.each(['', ' \n\t'])('is broken when the file is empty (%j)', async (content) => {
    const { options } = await configWithSecret(content, 0o600);
    const error = await rejectionOf(resolveSecret('clockify_api_key', options));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/is empty/);
  });

  it('is broken when the file is too big to be a key', async () => {
    const { options } = await configWithSecret('k'.repeat(70_000), 0o600);
    const error = await rejectionOf(resolveSecret('clockify_api_key', options));
    expect((error as Error).message).toMatch(/70000 bytes, too big/);
  });

  it('is broken when the path is a directory', async () => {
    const configHome = await temporaryDirectory();
    await mkdir(join(configHome, 'tracker', 'secrets', 'clockify_api_key'), { recursive: true });
    const error = await rejectionOf(resolveSecret('clockify_api_key', { configHome, sources: ['file'] }));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/not a regular file/);
  });

  it.runIf(posix && !isRoot)('is broken when the file cannot be read', async () => {
    const { options } = await configWithSecret('key', 0o000);
    const error = await rejectionOf(resolveSecret('clockify_api_key', options));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/may not read it \(EACCES\)/);
  });

  it('secretFilePath follows configHome, then an injected XDG_CONFIG_HOME, then HOME', () => {
    expect(secretFilePath('k', { configHome: '/c' })).toBe(join('/c', 'tracker', 'secrets', 'k'));
    expect(secretFilePath('k', { env: { XDG_CONFIG_HOME: '/x', HOME: '/h' } })).toBe(
      join('/x', 'tracker', 'secrets', 'k'),
    );
    expect(secretFilePath('k', { env: { XDG_CONFIG_HOME: 'relative', HOME: '/h' } })).toBe(
      join('/h', '.config', 'tracker', 'secrets', 'k'),
    );
    expect(secretFilePath('k')).toMatch(/tracker[/\\]secrets[/\\]k$/);
  });

  it('reads from the injected XDG_CONFIG_HOME by default', async () => {
    const { path, configHome } = await configWithSecret('key', 0o600);
    const resolved = await resolveSecret('clockify_api_key', {
      env: { XDG_CONFIG_HOME: configHome },
      sources: ['file'],
    });
    expect(resolved.source).toBe(`file:${path}`);
  });
});
