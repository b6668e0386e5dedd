import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createMemoryKeychain,
  getSecret,
  resolveSecret,
  SecretError,
  SecretNotFoundError,
  type SecretOptions,
  type SecretSourceKind,
  secretSourceKinds,
} from './index.js';
import { nodeCommand, rejectionOf, temporaryDirectory } from './test-fixtures.js';

/** Every source holds a different value, so the winner shows which one was used. */
async function everySourceSet(): Promise<SecretOptions & { env: NodeJS.ProcessEnv }> {
  const configHome = await temporaryDirectory();
  const mounted = join(configHome, 'mounted');
  await writeFile(mounted, 'from-env-file');
  await mkdir(join(configHome, 'tracker', 'secrets'), { recursive: true });
  await writeFile(join(configHome, 'tracker', 'secrets', 'clockify_api_key'), 'from-file', { mode: 0o600 });
  return {
    configHome,
    env: { CLOCKIFY_API_KEY: 'from-env', CLOCKIFY_API_KEY_FILE: mounted },
    keychain: createMemoryKeychain({ 'tracker/clockify_api_key': 'from-keychain' }),
    commands: { clockify_api_key: nodeCommand("process.stdout.write('from-command')") },
  };
}

describe('resolveSecret', () => {
  it('tries env, env-file, file, keychain, command in that order: first hit wins', async () => {
    expect(secretSourceKinds).toEqual(['env', 'env-file', 'file', 'keychain', 'command']);
    const options = await everySourceSet();
    const configFile = join(options.configHome ?? '', 'tracker', 'secrets', 'clockify_api_key');
    const winners: string[] = [];
    // Take away the winner each round and see who answers next.
    const takeAway: Array<() => Promise<void> | void> = [
      () => {
        delete options.env.CLOCKIFY_API_KEY;
      },
      () => {
        delete options.env.CLOCKIFY_API_KEY_FILE;
      },
      () => rm(configFile),
      () => options.keychain?.delete('tracker', 'clockify_api_key').then(() => {}),
    ];
    for (let round = 0; round <= takeAway.length; round++) {
      const resolved = await resolveSecret('clockify_api_key', options);
      winners.push(`${resolved.value} @ ${resolved.source.split(':')[0]}`);
      await takeAway[round]?.();
    }
    expect(winners).toEqual([
      'from-env @ env',
      'from-env-file @ file',
      'from-file @ file',
      'from-keychain @ keychain',
      'from-command @ command',
    ]);
  });

  it('follows options.sources for order and subset', async () => {
    const options = await everySourceSet();
    await expect(
      resolveSecret('clockify_api_key', { ...options, sources: ['command', 'env'] }),
    ).resolves.toMatchObject({
      value: 'from-command',
    });
    await expect(
      resolveSecret('clockify_api_key', { ...options, sources: ['keychain', 'env'] }),
    ).resolves.toMatchObject({
      value: 'from-keychain',
    });
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { ...options, env: {}, sources: ['env'] }),
    );
    expect(SecretNotFoundError.is(error) && error.tried.map((attempt) => attempt.source)).toEqual([
      'env:CLOCKIFY_API_KEY',
    ]);
  });

  it('refuses an unknown source kind', async () => {
    await expect(
      resolveSecret('clockify_api_key', { sources: ['vault' as SecretSourceKind], keychain: null }),
    ).rejects.toThrow(/Unknown secret source "vault"/);
  });

  it('stops at a broken source even when a later one holds a key', async () => {
    const options = await everySourceSet();
    options.env.CLOCKIFY_API_KEY_FILE = join(options.configHome ?? '', 'gone');
    delete options.env.CLOCKIFY_API_KEY;
    const error = await rejectionOf(resolveSecret('clockify_api_key', options));
    expect(SecretError.is(error) && error.code).toBe('broken');
    expect((error as SecretError).secretName).toBe('clockify_api_key');
  });

  it('when nothing is found, lists every source tried with its reason, then how to store one', async () => {
    const configHome = await temporaryDirectory();
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { env: {}, configHome, keychain: createMemoryKeychain() }),
    );
    expect(SecretNotFoundError.is(error)).toBe(true);
    const notFound = error as SecretNotFoundError;
    expect(notFound.secretName).toBe('clockify_api_key');
    expect(notFound.tried).toEqual([
      { source: 'env:CLOCKIFY_API_KEY', reason: 'unset' },
      { source: 'env:CLOCKIFY_API_KEY_FILE', reason: 'unset' },
      { source: `file:${join(configHome, 'tracker', 'secrets', 'clockify_api_key')}`, reason: 'missing' },
      { source: 'keychain:tracker/clockify_api_key', reason: 'no entry' },
      { source: 'command', reason: 'none configured for clockify_api_key' },
    ]);
    for (const attempt of notFound.tried)
      expect(notFound.message).toContain(`${attempt.source}: ${attempt.reason}`);
    expect(notFound.message).toMatch(
      /Store one with: tracker secrets set clockify_api_key {2}\(or: export CLOCKIFY_API_KEY=\.\.\.\)$/,
    );
  });

  it('getSecret returns the value alone', async () => {
    await expect(getSecret('clockify_api_key', await everySourceSet())).resolves.toBe('from-env');
  });

  it('a resolved secret prints and serialises without its value, yet the value is a plain field', async () => {
    const resolved = await resolveSecret('clockify_api_key', {
      env: { CLOCKIFY_API_KEY: 'printed-by-mistake' },
      sources: ['env'],
    });
    expect(inspect(resolved)).not.toContain('printed-by-mistake');
    expect(inspect(resolved)).toContain('env:CLOCKIFY_API_KEY');
    expect(JSON.stringify(resolved)).toBe('{"source":"env:CLOCKIFY_API_KEY","value":"[redacted]"}');
    const { value, source } = resolved;
    expect([value, source]).toEqual(['printed-by-mistake', 'env:CLOCKIFY_API_KEY']);
    expect(Object.keys(resolved)).toEqual(['value', 'source']);
  });
});
