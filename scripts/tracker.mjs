// `pnpm tracker <args>`: build the CLI if needed (quietly; output shown only on failure), then run it.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@tracker/cli...', '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}`);
  process.exit(build.status ?? 1);
}
const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('../apps/cli/bin/tracker.js', import.meta.url)), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child through the terminal; this process only waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
