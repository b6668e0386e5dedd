// The measurements that are whole processes: cold start and peak memory of the built `tracker`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importBuilt, makeAllocations, median, root } from './common.mjs';

const trackerBin = join(root, 'apps/cli/bin/tracker.js');

function timeRun(args, options = {}) {
  const startedAt = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(' ')} exited ${result.status ?? result.signal}: ${(result.stderr ?? '').trim().slice(0, 300)}`,
    );
  }
  return ms;
}

/** 4. `tracker --version` vs `node -e 0`: alternated, 2 warm-up runs each, median of 15. */
export function coldStart(runs = 15) {
  const tracker = [];
  const node = [];
  for (let i = 0; i < 2; i += 1) {
    timeRun(['-e', '0']);
    timeRun([trackerBin, '--version']);
  }
  for (let i = 0; i < runs; i += 1) {
    node.push(timeRun(['-e', '0']));
    tracker.push(timeRun([trackerBin, '--version']));
  }
  const trackerMs = median(tracker);
  const nodeMs = median(node);
  return { runs, trackerMs, nodeMs, ratio: trackerMs / nodeMs };
}

/**
 * 5. Peak RSS of `tracker sync FILE --dry-run` over NDJSON files of 100,000 and 1,000 allocations. The config
 * points at a closed port (a dry run sends nothing and needs no key) and a ledger that does not exist yet.
 */
export async function dryRunMemory(dir) {
  const { DEMO_PROJECT_IDS, DEMO_WORKSPACE_ID } = await importBuilt('packages/clockify-emulator');
  const config = join(dir, 'tracker.config.json');
  const sink = { use: 'clockify', workspaceId: DEMO_WORKSPACE_ID, baseUrl: 'http://127.0.0.1:9/api/v1' };
  writeFileSync(config, `${JSON.stringify({ sink, ledger: './no-ledger-yet.sqlite' })}\n`);
  const preload = pathToFileURL(fileURLToPath(new URL('max-rss.mjs', import.meta.url))).href;
  const env = { ...process.env, XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir };
  delete env.CLOCKIFY_API_KEY;
  delete env.TRACKER_CONFIG;
  const peak = (count) => {
    const input = join(dir, `allocations-${count}.ndjson`);
    const lines = makeAllocations(count, 0, DEMO_PROJECT_IDS).map((item) => JSON.stringify(item.wire));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const rssFile = join(dir, `maxrss-${count}`);
    const ms = timeRun(['--import', preload, trackerBin, 'sync', input, '--dry-run', '-c', config], {
      cwd: dir,
      env: { ...env, TRACKER_BENCH_MAXRSS_FILE: rssFile },
    });
    return { mb: Number(readFileSync(rssFile, 'utf8')) / 1024, ms };
  };
  const small = peak(1000);
  const large = peak(100_000);
  return {
    smallCount: 1000,
    largeCount: 100_000,
    smallMb: small.mb,
    largeMb: large.mb,
    largeMs: large.ms,
    smallMs: small.ms,
    ratio: large.mb / small.mb,
  };
}
