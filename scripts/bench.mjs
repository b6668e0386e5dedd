// `pnpm bench [--json]`: builds what it needs, then measures on this machine, with no network, the six
// figures of the performance issue side by side with their baselines, and prints one table (or one JSON
// object). Targets are printed beside the figures; missing one does not fail the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { root, sleep } from './bench/common.mjs';
import { coldStart, dryRunMemory } from './bench/processes.mjs';
import { buildRows, formatTable } from './bench/report.mjs';
import { buildQuietly } from './build-quietly.mjs';

const json = process.argv.includes('--json');
const startedAt = performance.now();
const progress = (text) => process.stderr.write(`bench: ${text}\n`);

progress('building (turbo, cached when nothing changed)…');
buildQuietly(['@tracker/cli...', '@tracker/clockify-emulator']);
const buildMs = performance.now() - startedAt;

/** Runs one in-process measurement in a fresh Node process (see bench/sections.mjs). */
function runSection(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts/bench/run-section.mjs'), name], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
    });
    child.on('close', (code, signal) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        resolve({ error: `section ${name} ended with ${signal ?? `exit ${code}`} and no result` });
      }
    });
  });
}

function guard(fn) {
  try {
    return fn();
  } catch (error) {
    return { error: error.message };
  }
}

/** How busy the CPUs are with something else right now (share of non-idle time over half a second). */
async function busyShare() {
  const sample = () =>
    cpus().reduce(
      (sum, cpu) => ({
        idle: sum.idle + cpu.times.idle,
        total: sum.total + Object.values(cpu.times).reduce((a, b) => a + b, 0),
      }),
      { idle: 0, total: 0 },
    );
  const before = sample();
  await sleep(500);
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  busyBeforeStart: Number((await busyShare()).toFixed(2)),
};

progress('row 6: emulator throughput…');
const emulator = await runSection('emulatorThroughput');
progress('row 1: engine overhead (5 alternated rounds)…');
const overhead = await runSection('engineOverhead');
progress('row 2: pacing (~10 s by construction)…');
const pacing = await runSection('pacing');
progress('row 3: no-op re-sync…');
const noop = await runSection('noopResync');
progress('row 4: cold start…');
const cold = guard(() => coldStart());
progress('row 5: peak memory…');
const dir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
let memory;
try {
  memory = await dryRunMemory(dir);
} catch (error) {
  memory = { error: error.message };
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const results = { overhead, pacing, noop, cold, memory, emulator };
const rows = buildRows(results);
const runtimeSeconds = (performance.now() - startedAt) / 1000;

if (json) {
  // `pnpm -s bench --json` (or `node scripts/bench.mjs --json`) keeps pnpm's own banner off stdout.
  const output = {
    machine,
    runtimeSeconds: Number(runtimeSeconds.toFixed(1)),
    buildSeconds: Number((buildMs / 1000).toFixed(1)),
    rows,
    results,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
} else {
  const { cpu, cores, memoryGb, node, platform, busyBeforeStart } = machine;
  console.log(
    `tracker bench — ${cpu}, ${cores} cores, ${memoryGb} GB, Node ${node}, ${platform}; ` +
      `CPUs ${Math.round(busyBeforeStart * 100)}% busy before start`,
  );
  console.log('');
  console.log(formatTable(rows));
  console.log('');
  console.log(
    `${rows.filter((row) => row.met).length} of ${rows.length} targets met · ran in ${runtimeSeconds.toFixed(0)} s ` +
      `(build ${(buildMs / 1000).toFixed(0)} s) · targets are goals, not failures; --json for machines`,
  );
}
if (machine.busyBeforeStart > 0.25) {
  progress(
    `the CPUs were ${Math.round(machine.busyBeforeStart * 100)}% busy with other work at the start: figures may be noisy.`,
  );
}
