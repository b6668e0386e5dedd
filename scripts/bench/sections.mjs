// The in-process measurements. Each runs in a fresh Node process (run-section.mjs), so one section's heap,
// JIT state and sockets cannot colour another's; the emulator always runs in a process of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  elapsedMs,
  fetchLoop,
  importBuilt,
  makeAllocations,
  median,
  sleep,
  startEmulatorProcess,
} from './common.mjs';

const { DEMO_API_KEY, DEMO_PROJECT_IDS, DEMO_WORKSPACE_ID } = await importBuilt('packages/clockify-emulator');
const { openLedger, syncAllocations } = await importBuilt('packages/sync');
const { createClockifySink } = await importBuilt('packages/sink-clockify');
const { allocationKey, formatUtcSeconds } = await importBuilt('packages/core');

const PROJECTS = DEMO_PROJECT_IDS.slice(0, 2); // the third is archived
const createUrl = (apiBaseUrl) => `${apiBaseUrl}/workspaces/${DEMO_WORKSPACE_ID}/time-entries`;

function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
  return Promise.resolve()
    .then(() => fn(dir))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * The smallest sink that can create an entry: one bare `fetch`, the same request as the Clockify sink, no error
 * mapping. With it the engine's own cost (ledger, pacing, bookkeeping) shows apart from the sink's HTTP client.
 */
function bareFetchSink(apiBaseUrl) {
  const url = createUrl(apiBaseUrl);
  const headers = {
    'X-Api-Key': DEMO_API_KEY,
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  return {
    name: 'bare-fetch',
    target: `bare-fetch:${url}`,
    async push(allocation) {
      const body = {
        start: formatUtcSeconds(allocation.start),
        end: formatUtcSeconds(allocation.end),
        projectId: allocation.projectId,
        description: 'Development',
      };
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      const text = await response.text();
      if (response.status !== 201)
        throw new Error(`bare-fetch sink: ${response.status} ${text.slice(0, 200)}`);
      return JSON.parse(text).id;
    },
  };
}

/** The real engine, sink and SQLite ledger (a fresh file) syncing `items`; returns its wall time in ms. */
async function engineRun({ apiBaseUrl, items, dir, run, concurrency, ratePerSecond, fetchImpl, bareSink }) {
  const sink = bareSink
    ? bareFetchSink(apiBaseUrl)
    : createClockifySink({
        apiKey: DEMO_API_KEY,
        workspaceId: DEMO_WORKSPACE_ID,
        baseUrl: apiBaseUrl,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
  const startedAt = performance.now();
  const ledger = openLedger(join(dir, `ledger-${run}.sqlite`));
  let report;
  try {
    report = await syncAllocations(
      items.map((item) => item.allocation),
      { sink, ledger, concurrency, ...(ratePerSecond ? { ratePerSecond } : {}) },
    );
  } finally {
    ledger.close();
  }
  const ms = elapsedMs(startedAt);
  if (report.created !== items.length) {
    throw new Error(
      `the engine created ${report.created} of ${items.length} (${JSON.stringify(report.stopped ?? report.failures[0])})`,
    );
  }
  return { ms, report };
}

/**
 * 6. The emulator's own create rate: a bare fetch loop at concurrency 32, best of 3. On two cores the fetch
 * client competes with the server for CPU, so the emulator's CPU time per create is reported too: the rate
 * one core could serve.
 */
export async function emulatorThroughput() {
  const count = 5000;
  const emulator = await startEmulatorProcess();
  try {
    const url = createUrl(emulator.apiBaseUrl);
    const bodies = makeAllocations(count, 0, PROJECTS).map((item) => item.wire);
    await fetchLoop({ url, apiKey: DEMO_API_KEY, bodies: bodies.slice(0, 500), concurrency: 32 });
    const rates = [];
    const cpuPerCreate = [];
    for (let round = 0; round < 3; round += 1) {
      await emulator.reset();
      const cpuBefore = await emulator.cpuMicros();
      const startedAt = performance.now();
      const created = await fetchLoop({ url, apiKey: DEMO_API_KEY, bodies, concurrency: 32 });
      rates.push(created / (elapsedMs(startedAt) / 1000));
      cpuPerCreate.push(((await emulator.cpuMicros()) - cpuBefore) / created);
    }
    const serverMicrosPerCreate = median(cpuPerCreate);
    return {
      creates: count,
      concurrency: 32,
      createsPerSecond: Math.max(...rates),
      serverMicrosPerCreate,
      oneCoreCapacityPerSecond: 1e6 / serverMicrosPerCreate,
      rounds: rates,
    };
  } finally {
    await emulator.stop();
  }
}

/**
 * 1. Engine overhead: 5,000 creates at concurrency 8, unpaced, engine vs a bare fetch loop with the same
 * bodies against the same emulator (reset before every run). Warmed up, alternated, median of 5 each.
 */
export async function engineOverhead() {
  const count = 5000;
  const concurrency = 8;
  const rounds = 5;
  const emulator = await startEmulatorProcess();
  try {
    return await withTempDir(async (dir) => {
      const url = createUrl(emulator.apiBaseUrl);
      const apiBaseUrl = emulator.apiBaseUrl;
      const warm = makeAllocations(400, 1_000_000, PROJECTS);
      await fetchLoop({ url, apiKey: DEMO_API_KEY, bodies: warm.map((item) => item.wire), concurrency });
      await engineRun({ apiBaseUrl, items: warm, dir, run: 'warm', concurrency });
      await engineRun({ apiBaseUrl, items: warm, dir, run: 'warm-bare', concurrency, bareSink: true });
      const baselineMs = [];
      const engineMs = [];
      const bareEngineMs = [];
      const runBaseline = async (items) => {
        await emulator.reset();
        const bodies = items.map((item) => item.wire);
        const startedAt = performance.now();
        const created = await fetchLoop({ url, apiKey: DEMO_API_KEY, bodies, concurrency });
        baselineMs.push(elapsedMs(startedAt));
        if (created !== count) throw new Error(`the fetch loop created ${created} of ${count}`);
      };
      const runEngine = async (items, round) => {
        await emulator.reset();
        engineMs.push((await engineRun({ apiBaseUrl, items, dir, run: round, concurrency })).ms);
        await emulator.reset();
        const bare = await engineRun({
          apiBaseUrl,
          items,
          dir,
          run: `${round}-bare`,
          concurrency,
          bareSink: true,
        });
        bareEngineMs.push(bare.ms);
      };
      for (let round = 0; round < rounds; round += 1) {
        // Both sides send exactly the same allocations to an emptied emulator; who goes first alternates.
        const items = makeAllocations(count, round * count, PROJECTS);
        if (round % 2 === 0) {
          await runBaseline(items);
          await runEngine(items, round);
        } else {
          await runEngine(items, round);
          await runBaseline(items);
        }
      }
      const engine = median(engineMs);
      const baseline = median(baselineMs);
      return {
        creates: count,
        concurrency,
        engineMs: engine,
        baselineMs: baseline,
        ratio: engine / baseline,
        bareSinkEngineMs: median(bareEngineMs),
        bareSinkRatio: median(bareEngineMs) / baseline,
        rounds: { engineMs, baselineMs, bareEngineMs },
      };
    });
  } finally {
    await emulator.stop();
  }
}

/** 2. Pacing: 500 creates with ratePerSecond 50 against an emulator that refuses more than 50 per second. */
export async function pacing() {
  const count = 500;
  const rate = 50;
  const concurrency = 4; // the CLI's default
  const emulator = await startEmulatorProcess({ rateLimit: { perSecond: rate } });
  try {
    return await withTempDir(async (dir) => {
      const apiBaseUrl = emulator.apiBaseUrl;
      let tooMany = 0;
      let lastAnsweredAt;
      const sentAt = [];
      const countingFetch = async (input, init) => {
        sentAt.push(performance.now());
        const response = await fetch(input, init);
        if (response.status === 429) tooMany += 1;
        lastAnsweredAt = performance.now();
        return response;
      };
      // Warm up (connections, JIT) then let the emulator's 1 s window empty and forget it all.
      await engineRun({
        apiBaseUrl,
        items: makeAllocations(20, 2_000_000, PROJECTS),
        dir,
        run: 'warm',
        concurrency,
        ratePerSecond: rate,
      });
      await sleep(1100);
      await emulator.reset();
      const items = makeAllocations(count, 0, PROJECTS);
      const { ms, report } = await engineRun({
        apiBaseUrl,
        items,
        dir,
        run: 'paced',
        concurrency,
        ratePerSecond: rate,
        fetchImpl: countingFetch,
      });
      const spanSeconds = (lastAnsweredAt - sentAt[0]) / 1000;
      const achieved = report.created / spanSeconds;
      // The emulator refuses the (rate+1)th request within any 1 s: the shortest time the client took to
      // send rate+1 requests tells whether the client itself went too fast, or only arrival jitter did it.
      let tightestWindowMs = Number.POSITIVE_INFINITY;
      for (let i = rate; i < sentAt.length; i += 1) {
        tightestWindowMs = Math.min(tightestWindowMs, sentAt[i] - sentAt[i - rate]);
      }
      return {
        creates: report.created,
        requests: sentAt.length,
        rate,
        concurrency,
        tooMany,
        wallMs: ms,
        spanSeconds,
        achievedPerSecond: achieved,
        share: achieved / rate,
        tightestWindowMs,
      };
    });
  } finally {
    await emulator.stop();
  }
}

/**
 * 3. No-op re-sync: 100,000 allocations, all `done` in a SQLite ledger; the sink throws if called. Baseline:
 * the least any re-sync must do, computing each key and reading its row in batches of 500.
 */
export async function noopResync() {
  const count = 100_000;
  const target = 'bench:noop';
  const refuse = () => {
    throw new Error('the no-op re-sync called the sink');
  };
  const sink = { name: 'bench', target, push: refuse, find: refuse };
  const allocations = makeAllocations(count, 0, PROJECTS).map((item) => item.allocation);
  return withTempDir(async (dir) => {
    const ledger = openLedger(join(dir, 'ledger.sqlite'));
    try {
      const fillStartedAt = performance.now();
      ledger.transaction(() => {
        allocations.forEach((allocation, i) => {
          const key = allocationKey(allocation);
          ledger.markPending(target, key, allocation);
          ledger.markDone(target, key, i.toString(16).padStart(24, '0'));
        });
      });
      ledger.flush();
      const fillMs = elapsedMs(fillStartedAt);
      const engineMs = [];
      const baselineMs = [];
      await syncAllocations(allocations.slice(0, 10_000), { sink, ledger, concurrency: 8 }); // warm-up
      for (let round = 0; round < 3; round += 1) {
        let startedAt = performance.now();
        let done = 0;
        for (let offset = 0; offset < count; offset += 500) {
          const keys = allocations.slice(offset, offset + 500).map(allocationKey);
          for (const row of ledger.getMany(target, keys).values()) if (row.state === 'done') done += 1;
        }
        baselineMs.push(elapsedMs(startedAt));
        if (done !== count) throw new Error(`the ledger holds ${done} done rows, not ${count}`);
        startedAt = performance.now();
        const report = await syncAllocations(allocations, { sink, ledger, concurrency: 8 });
        engineMs.push(elapsedMs(startedAt));
        if (report.skipped !== count)
          throw new Error(`skipped ${report.skipped} of ${count}, not all of them`);
      }
      const engine = median(engineMs);
      const baseline = median(baselineMs);
      return {
        allocations: count,
        fillMs,
        engineMs: engine,
        baselineMs: baseline,
        perSecond: count / (engine / 1000),
        baselinePerSecond: count / (baseline / 1000),
        ratio: engine / baseline,
        skipped: count,
        rounds: { engineMs, baselineMs },
      };
    } finally {
      ledger.close();
    }
  });
}
