// `pnpm demo`: build what is needed, start the local Clockify emulator, sync a realistic week twice (the second
// run creates nothing), print the entries the emulator holds, and stop. No network, no real key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildQuietly, repoRoot as root } from './build-quietly.mjs';

function step(title) {
  console.log(`\n── ${title}`);
}

step('Building tracker and the Clockify emulator');
buildQuietly(['@tracker/cli...', '@tracker/clockify-emulator']);
console.log('built.');

const emulatorModule = pathToFileURL(join(root, 'packages/clockify-emulator/dist/index.js')).href;
const { startClockifyEmulator, defaultSeed } = await import(emulatorModule);
const emulator = await startClockifyEmulator({ seed: defaultSeed });
const user = emulator.seed.users[0];
const workspace = emulator.seed.workspaces[0];
const projectNames = new Map(emulator.seed.projects.map((p) => [p.id, p.name]));
const dir = mkdtempSync(join(tmpdir(), 'tracker-demo-'));
let exitCode = 0;

try {
  step(`Clockify emulator at ${emulator.apiBaseUrl} (workspace "${workspace.name}", user ${user.name})`);
  const configPath = join(dir, 'tracker.config.json');
  const config = {
    sink: { use: 'clockify', workspaceId: workspace.id, baseUrl: emulator.apiBaseUrl },
    ledger: './ledger.sqlite',
    rate: 50,
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`config ${configPath}:\n${JSON.stringify(config, null, 2)}`);

  const input = join(root, 'examples/allocations.json');
  const allocations = JSON.parse(readFileSync(input, 'utf8'));
  // Asynchronous: the emulator lives in this process and must keep answering while tracker runs.
  const tracker = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(root, 'apps/cli/bin/tracker.js'), ...args, '--config', configPath],
        {
          stdio: 'inherit',
          cwd: root,
          // The emulator's demo key, as a user would export it; tracker prints only where it came from.
          env: { ...process.env, CLOCKIFY_API_KEY: user.apiKey, XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir },
        },
      );
      child.on('error', reject);
      child.on('close', (status) => resolve({ status }));
    });

  step(`tracker sync examples/allocations.json (${allocations.length} allocations)`);
  const first = await tracker(['sync', input]);
  if (first.status !== 0) throw new Error(`first sync exited ${first.status}`);

  step('tracker sync examples/allocations.json again: everything is already there');
  const second = await tracker(['sync', input]);
  if (second.status !== 0) throw new Error(`second sync exited ${second.status}`);

  step('tracker status');
  await tracker(['status']);

  const entries = emulator
    .entries(workspace.id)
    .sort((a, b) => a.timeInterval.start.localeCompare(b.timeInterval.start));
  step(`The ${entries.length} entries the emulator holds`);
  for (const entry of entries) {
    const { start, end, duration } = entry.timeInterval;
    console.log(
      `${start.slice(0, 10)}  ${start.slice(11, 16)}–${end.slice(11, 16)} UTC  ${duration.padEnd(8)} ${(projectNames.get(entry.projectId) ?? entry.projectId).padEnd(18)} ${entry.description}`,
    );
  }
  const creates = emulator.requests().filter((r) => r.method === 'POST').length;
  console.log(
    `\n${allocations.length} allocations, ${entries.length} entries, ${creates} create requests over two runs: no duplicates.`,
  );
  if (entries.length !== allocations.length)
    throw new Error(`expected ${allocations.length} entries, found ${entries.length}`);
} catch (error) {
  console.error(`demo failed: ${error.message}`);
  exitCode = 1;
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
