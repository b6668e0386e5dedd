import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecret, SecretError, SecretNotFoundError } from '../index.js';
import { createMemoryKeychain } from '../memory-keychain.js';
import { rejectionOf, temporaryDirectory } from '../test-fixtures.js';

const onlyEnvFile = { sources: ['env-file' as const], keychain: null };

describe('env-file source (CLOCKIFY_API_KEY_FILE)', () => {
  it('reads the file the variable points to, trimmed, and names the file as the source', async () => {
    const path = join(await temporaryDirectory(), 'mounted-key');
    await writeFile(path, 'key-from-file\n', { mode: 0o600 });
    const resolved = await resolveSecret('clockify_api_key', {
      ...onlyEnvFile,
      env: { CLOCKIFY_API_KEY_FILE: path },
    });
    expect(resolved).toEqual({ value: 'key-from-file', source: `file:${path}` });
  });

  it('does not check permissions: mounted secrets are often world-readable', async () => {
    const path = join(await temporaryDirectory(), 'mounted-key');
    await writeFile(path, 'key');
    await chmod(path, 0o644);
    await expect(
      resolveSecret('clockify_api_key', { ...onlyEnvFile, env: { CLOCKIFY_API_KEY_FILE: path } }),
    ).resolves.toMatchObject({ value: 'key' });
  });

  it('resolves a relative path against the working directory', async () => {
    const path = join(await temporaryDirectory(), 'mounted-key');
    await writeFile(path, 'key');
    const resolved = await resolveSecret('clockify_api_key', {
      ...onlyEnvFile,
      env: { CLOCKIFY_API_KEY_FILE: relative(process.cwd(), path) },
    });
    expect(resolved.source).toBe(`file:${path}`);
  });

  it.each([
    ['unset', {}],
    ['set but empty', { CLOCKIFY_API_KEY_FILE: ' ' }],
  ])('is absent when the variable is %s', async (reason, env) => {
    const error = await rejectionOf(resolveSecret('clockify_api_key', { ...onlyEnvFile, env }));
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'env:CLOCKIFY_API_KEY_FILE', reason },
    ]);
  });

  it('is broken when the file it names does not exist, and does not fall through', async () => {
    const path = join(await temporaryDirectory(), 'not-there');
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', {
        sources: ['env-file', 'keychain'],
        env: { CLOCKIFY_API_KEY_FILE: path },
        keychain: createMemoryKeychain({ 'tracker/clockify_api_key': 'would-be-found' }),
      }),
    );
    expect(SecretError.is(error) && error.code).toBe('broken');
    expect((error as SecretError).source).toBe(`file:${path}`);
    expect((error as Error).message).toBe(`CLOCKIFY_API_KEY_FILE points to ${path}, which does not exist.`);
  });

  it.each([
    ['the key itself', 'k3y-pasted-by-mistake'],
    ['a key with slashes', 'ab/cd+ef/gh=='],
  ])('is broken without echoing the value when it holds %s rather than a path', async (_, raw) => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...onlyEnvFile, env: { CLOCKIFY_API_KEY_FILE: raw } }),
    );
    expect(SecretError.is(error) && error.code).toBe('broken');
    expect((error as SecretError).source).toBe('env:CLOCKIFY_API_KEY_FILE');
    expect((error as Error).message).toMatch(
      /must hold the path of a file that contains the key, not the key itself/,
    );
    expect((error as Error).message).not.toContain(raw);
  });

  it('is broken when the file is empty', async () => {
    const path = join(await temporaryDirectory(), 'empty');
    await writeFile(path, '  \n');
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...onlyEnvFile, env: { CLOCKIFY_API_KEY_FILE: path } }),
    );
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/is empty/);
  });

  it('is broken when the path is a directory', async () => {
    const path = join(await temporaryDirectory(), 'a-directory');
    await mkdir(path);
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...onlyEnvFile, env: { CLOCKIFY_API_KEY_FILE: path } }),
    );
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/not a regular file/);
  });
});
