import { type ChildProcess, spawn } from 'node:child_process';
import { errorCode, quoteForeignText } from '../foreign-text.js';

// A key is short; a command that prints megabytes is not printing a key.
const MAX_STDOUT_BYTES = 1024 * 1024;
const MAX_STDERR_BYTES = 16 * 1024;

export type CommandResult =
  | { ok: true; stdout: string }
  | { ok: false; problem: string; cause: Record<string, unknown> };

/**
 * Runs argv without a shell, stdin closed, and kills it (SIGKILL) when it outlives `timeoutMs`.
 * Settles as soon as the process exits or the timer fires, even if a grandchild keeps a pipe open.
 * A failure's `problem` quotes capped stderr with the stdout text cut out, never stdout itself.
 */
export function runSecretCommand(
  argv: readonly string[],
  options: { timeoutMs: number; env: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  const [file, ...args] = argv as [string, ...string[]];
  return new Promise((resolvePromise) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env,
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      const code = errorCode(error);
      resolvePromise({
        ok: false,
        problem: `it could not be started (${code ?? 'invalid arguments'})`,
        cause: { code },
      });
      return;
    }

    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let settled = false;

    const stop = () => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const settle = (result: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stdout.length = 0;
      resolvePromise(result);
    };
    const stdoutText = () => Buffer.concat(stdout).toString('utf8');
    const stderrText = () => Buffer.concat(stderr).toString('utf8');

    const timer = setTimeout(() => {
      const printed = stdoutText().trim();
      stop();
      const said = quoteForeignText(stderrText(), [printed]);
      settle({
        ok: false,
        problem: `it did not finish within ${formatDuration(options.timeoutMs)} and was killed${said ? `; stderr: ${said}` : ''}`,
        cause: { timeoutMs: options.timeoutMs },
      });
    }, options.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        stop();
        settle({
          ok: false,
          problem: 'it printed more than 1 MiB, which cannot be a key',
          cause: { stdoutBytes },
        });
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR_BYTES) return;
      stderrBytes += chunk.length;
      stderr.push(chunk);
    });
    child.on('error', (error) => {
      const code = errorCode(error);
      const problem =
        code === 'ENOENT'
          ? `${file} was not found (is it installed and on PATH?)`
          : `it could not be started (${code ?? 'unknown error'})`;
      settle({ ok: false, problem, cause: { code } });
    });
    child.on('close', (exitCode, signal) => {
      const printed = stdoutText().trim();
      if (exitCode === 0) {
        settle({ ok: true, stdout: printed });
        return;
      }
      const said = quoteForeignText(stderrText(), [printed]);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${exitCode}`;
      settle({
        ok: false,
        problem: `it ${how}${said ? `; stderr: ${said}` : ' and printed nothing on stderr'}`,
        cause: { exitCode, signal },
      });
    });
  });
}

function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
