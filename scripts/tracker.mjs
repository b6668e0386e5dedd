// `pnpm tracker <args>`: build the CLI if needed (quietly; output shown only on failure), then run it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildQuietly } from './build-quietly.mjs';

buildQuietly(['@tracker/cli...']);
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
