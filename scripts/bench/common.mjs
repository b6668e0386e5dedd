// Shared by the benchmark's parts: where things are, the built packages, test data, a few statistics.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** A built workspace package, imported by file URL (the root package does not depend on them). */
export function importBuilt(directory) {
  return import(pathToFileURL(`${root}${directory}/dist/index.js`).href);
}

// Clockify's wire form: UTC, whole seconds, `Z` (what the sink sends).
const wireTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const BASE_MS = Date.UTC(2020, 0, 1);
const HOUR_MS = 3_600_000;

/**
 * `count` allocations, each its own hour starting `offset` hours after 2020-01-01 (so no two runs collide),
 * alternating between the two active demo projects. `wire` is the body a client POSTs for it.
 */
export function makeAllocations(count, offset, projectIds) {
  const items = [];
  for (let i = 0; i < count; i += 1) {
    const startMs = BASE_MS + (offset + i) * HOUR_MS;
    const endMs = startMs + 30 * 60_000;
    const projectId = projectIds[i % 2];
    items.push({
      allocation: { projectId, start: new Date(startMs), end: new Date(endMs) },
      wire: { start: wireTime(startMs), end: wireTime(endMs), projectId },
    });
  }
  return items;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const elapsedMs = (startedAt) => performance.now() - startedAt;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the emulator in its own process (so client and server do not share an event loop), built from
 * packages/clockify-emulator/dist with the default demo seed. `reset()` forgets entries, requests and rate
 * windows between runs, so every timed run meets the same empty emulator.
 */
export async function startEmulatorProcess(options = {}) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('emulator-process.mjs', import.meta.url)), JSON.stringify(options)],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const waiting = new Map();
  let nextId = 0;
  let exited = false;
  let onReady;
  let onFailure;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    onFailure = reject;
  });
  child.on('message', (message) => {
    if (message.type === 'ready') onReady(message);
    else waiting.get(message.id)?.(message);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    onFailure(new Error(`the emulator process ended early (${signal ?? `exit ${code}`})`));
  });
  child.on('error', (error) => onFailure(error));
  const { apiBaseUrl } = await ready;
  const ask = (type) =>
    new Promise((resolve) => {
      nextId += 1;
      waiting.set(nextId, resolve);
      child.send({ type, id: nextId });
    });
  return {
    apiBaseUrl,
    reset: () => ask('reset'),
    /** The emulator process's CPU time so far (user + system), in µs. */
    cpuMicros: async () => (await ask('cpu')).cpuMicros,
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await gone;
    },
  };
}

/**
 * A plain client: `concurrency` workers POST the bodies with `fetch`, read each answer and its id. What a
 * hand-written script with no ledger, pacing or error handling would do; the floor for the engine's time.
 */
export async function fetchLoop({ url, apiKey, bodies, concurrency, fetchImpl = fetch }) {
  const headers = { 'X-Api-Key': apiKey, 'Content-Type': 'application/json', Accept: 'application/json' };
  let next = 0;
  let created = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next];
      next += 1;
      const response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(body) });
      const text = await response.text();
      if (response.status !== 201)
        throw new Error(`the emulator answered ${response.status}: ${text.slice(0, 200)}`);
      if (typeof JSON.parse(text).id === 'string') created += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return created;
}
