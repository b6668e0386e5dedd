import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecret, SecretError, SecretNotFoundError } from '../index.js';
import { nodeCommand, rejectionOf, temporaryDirectory } from '../test-fixtures.js';

const viaCommand = (argv: string[], extra: { commandTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) =>
  resolveSecret('clockify_api_key', {
    env: {},
    sources: ['command'],
    keychain: null,
    commands: { clockify_api_key: argv },
    ...extra,
  });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('command source', () => {
  it('uses the trimmed stdout of a command that succeeds, named by its argv', async () => {
    const argv = nodeCommand("process.stdout.write('  key-from-command\\n\\n')");
    const resolved = await viaCommand(argv);
    expect(resolved).toEqual({ value: 'key-from-command', source: `command:${argv.join(' ')}` });
  });

  it('runs without a shell: arguments reach the program untouched', async () => {
    const literal = '$HOME;echo injected`id`';
    const resolved = await viaCommand([...nodeCommand('process.stdout.write(process.argv[1])'), literal]);
    expect(resolved.value).toBe(literal);
  });

  it('runs with the injected environment', async () => {
    const resolved = await viaCommand(nodeCommand('process.stdout.write(process.env.VAULT_ADDR)'), {
      env: { VAULT_ADDR: 'http://127.0.0.1:8200' },
    });
    expect(resolved.value).toBe('http://127.0.0.1:8200');
  });

  it('is absent when no command is configured for the name', async () => {
    const error = await rejectionOf(
      resolveSecret('clockify_api_key', { sources: ['command'], commands: { other_key: ['true'] } }),
    );
    expect(SecretNotFoundError.is(error) && error.tried).toEqual([
      { source: 'command', reason: 'none configured for clockify_api_key' },
    ]);
  });

  it('is broken on a non-zero exit, quoting stderr and the exit code', async () => {
    const error = await rejectionOf(
      viaCommand(nodeCommand("process.stderr.write('vault is sealed\\n'); process.exitCode = 3")),
    );
    expect(SecretError.is(error) && error.code).toBe('broken');
    expect((error as Error).message).toMatch(/failed: it exited with code 3; stderr: vault is sealed\.$/);
    expect((error as Error).cause).toEqual({ exitCode: 3, signal: null });
  });

  it('caps the stderr it quotes', async () => {
    const error = await rejectionOf(
      viaCommand(nodeCommand("process.stderr.write('x'.repeat(5000)); process.exit(1)")),
    );
    const message = (error as Error).message;
    expect(message).toContain('x'.repeat(300));
    expect(message).not.toContain('x'.repeat(301));
  });

  it('is broken when it succeeds but prints nothing', async () => {
    const error = await rejectionOf(viaCommand(nodeCommand("process.stdout.write(' \\n')")));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/succeeded but printed nothing/);
  });

  it('is broken when the program does not exist', async () => {
    const error = await rejectionOf(viaCommand(['tracker-no-such-program-xyz', 'show']));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/tracker-no-such-program-xyz was not found/);
  });

  it.each([[[]], [['']], [[1, 2]], ['pass show clockify']])(
    'is broken when the configured argv is %j',
    async (argv) => {
      const error = await rejectionOf(viaCommand(argv as unknown as string[]));
      expect((error as SecretError).code).toBe('broken');
      expect((error as Error).message).toMatch(/non-empty array of strings/);
    },
  );

  it('kills a command that hangs past its timeout', async () => {
    const pidFile = join(await temporaryDirectory(), 'pid');
    const script = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`;
    // Long enough for Node to start on a busy machine, short enough to keep the suite quick.
    const error = await rejectionOf(viaCommand(nodeCommand(script), { commandTimeoutMs: 1000 }));
    expect((error as SecretError).code).toBe('broken');
    expect((error as Error).message).toMatch(/did not finish within 1 s and was killed/);

    const pid = Number(await readFile(pidFile, 'utf8').catch(() => 'NaN'));
    if (Number.isNaN(pid)) return; // killed before it even wrote its pid: nothing left to check
    for (let attempt = 0; attempt < 50 && isAlive(pid); attempt++)
      await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(pid)).toBe(false);
  }, 5_000);

  it('refuses a timeout that is not a positive number', async () => {
    await expect(viaCommand(['true'], { commandTimeoutMs: 0 })).rejects.toThrow(TypeError);
  });
});
