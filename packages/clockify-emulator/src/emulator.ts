import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleRoute } from './api-handlers.js';
import { API_PREFIX, matchRoute } from './api-routes.js';
import { authenticate } from './authenticate.js';
import { clockifyErrors } from './clockify-errors.js';
import { createDataFileWriter, loadDataFile } from './data-file.js';
import { defaultSeed } from './default-seed.js';
import { createIdGenerator } from './entity-id.js';
import { createEntryStore } from './entry-store.js';
import { type CreateFault, createFaultPlan, type EmulatorFaults } from './fault-plan.js';
import { createRateLimiter, type RateLimit } from './rate-limiter.js';
import type { Reply } from './reply.js';
import { parseRequestBody } from './request-body.js';
import { createRequestLog, type RecordedRequest } from './request-log.js';
import { type EmulatorSeed, indexSeed, parseSeed } from './seed.js';
import type { TimeEntry } from './time-entry.js';

export interface EmulatorOptions {
  /** Default 0: the system picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `defaultSeed`. */
  seed?: EmulatorSeed;
  /** Per API key, over every authenticated request; sliding windows. Default: unlimited. */
  rateLimit?: RateLimit;
  faults?: EmulatorFaults;
  /** Entries are loaded from here at start (if it exists) and written back after changes and on `stop()`. */
  dataFile?: string;
  /** Epoch-milliseconds clock for rate limits and request times; tests pass a fake one. Default `Date.now`. */
  now?: () => number;
  /** How many requests `requests()` keeps. Default 10,000. */
  requestLogSize?: number;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url` + `/api/v1`: what a Clockify client takes as its base URL. */
  apiBaseUrl: string;
  /** The data served (a checked copy of `options.seed`). */
  seed: EmulatorSeed;
  /** Stored entries, oldest first, as the API answers them; copies. */
  entries(workspaceId?: string): TimeEntry[];
  /** The last `requestLogSize` requests, oldest first, each logged on arrival (`status` 0 until answered). */
  requests(): RecordedRequest[];
  /** Every request received since start or `reset()`, including those `requests()` no longer keeps. */
  requestCount(): number;
  /** Replaces the faults; the count of creates for `script` restarts at 0. */
  setFaults(faults: EmulatorFaults | undefined): void;
  /** Replaces the limits; every key starts with an empty window. */
  setRateLimit(limit: EmulatorOptions['rateLimit'] | undefined): void;
  /** Forgets entries, requests, rate-limit windows and the create count; keeps seed, faults and limits. */
  reset(): void;
  /** Closes the server and every socket (hung ones too) and flushes `dataFile`. Safe to call twice. */
  stop(): Promise<void>;
}

/** The faults that end a create without an answer. */
type SilentFault = Exclude<CreateFault, 'status5xx'>;

const MAX_BODY_BYTES = 1024 * 1024;
const SECRET_HEADERS = ['x-api-key', 'x-addon-token', 'authorization'] as const;

function redactHeaders(headers: IncomingHttpHeaders): RecordedRequest['headers'] {
  const copy: RecordedRequest['headers'] = { ...headers };
  for (const name of SECRET_HEADERS) if (copy[name] !== undefined) copy[name] = '[REDACTED]';
  return copy;
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts a local server that answers like Clockify's API v1. */
export async function startClockifyEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 0;
  checkPort(port);
  const host = options.host ?? '127.0.0.1';
  const requestLogSize = options.requestLogSize ?? 10_000;
  if (!Number.isInteger(requestLogSize) || requestLogSize < 1) {
    throw new RangeError(`requestLogSize must be a positive integer, got ${requestLogSize}`);
  }
  const seed = parseSeed(options.seed ?? defaultSeed);
  const index = indexSeed(seed);
  const now = options.now ?? Date.now;
  const store = createEntryStore();
  if (options.dataFile !== undefined) {
    for (const { entry, startMs } of await loadDataFile(options.dataFile)) store.put(entry, startMs);
  }
  const dataWriter =
    options.dataFile === undefined ? undefined : createDataFileWriter(options.dataFile, () => store.list());
  const onMutation = dataWriter ? () => dataWriter.schedule() : () => {};
  const newEntryId = createIdGenerator(now);
  const requestLog = createRequestLog(requestLogSize);
  let faults = options.faults;
  let faultPlan = createFaultPlan(faults);
  let rateLimit = options.rateLimit;
  let rateLimiter = createRateLimiter(rateLimit, now);
  const sockets = new Set<Socket>();
  const latencyTimers = new Set<NodeJS.Timeout>();
  let stopping: Promise<void> | undefined;

  function send(response: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    if (response.destroyed) return;
    let payload = '';
    const headers: Record<string, string | number> = { ...reply.headers };
    if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json';
    } else if (reply.html !== undefined) {
      payload = reply.html;
      headers['Content-Type'] = 'text/html';
    }
    headers['Content-Length'] = Buffer.byteLength(payload);
    response.writeHead(reply.status, headers);
    response.end(payload);
  }

  /** Ends a request without an answer: nothing, or a destroyed socket. */
  function fail(request: IncomingMessage, record: RecordedRequest, fault: SilentFault): void {
    record.fault = fault;
    if (fault !== 'hang') request.socket.destroy();
  }

  /** What to do with a request: answer it, or (a fault) leave it unanswered. */
  function decide(request: IncomingMessage, record: RecordedRequest, rawBody: string): Reply | SilentFault {
    const body = parseRequestBody(rawBody);
    if (body.kind === 'json') record.body = body.value;
    else if (body.kind === 'invalid') record.body = body.text;
    const method = request.method ?? 'GET';
    if (!record.path.startsWith(`${API_PREFIX}/`)) return clockifyErrors.unknownRoute(method, record.path);
    const user = authenticate(request.headers, index);
    if ('status' in user) return user;
    record.userId = user.id;
    const admission = rateLimiter.admit(user.apiKey);
    if (!admission.admitted) {
      return clockifyErrors.rateLimited(
        rateLimit?.retryAfter ? Math.ceil(admission.retryAfterMs / 1000) : undefined,
      );
    }
    const route = matchRoute(method, record.path.slice(API_PREFIX.length));
    if (!route) return clockifyErrors.unknownRoute(method, record.path);
    let fault: CreateFault | undefined;
    if (route.kind === 'createEntry' && index.membersByWorkspace.get(route.workspaceId)?.has(user.id)) {
      const decision = faultPlan.nextCreate();
      fault = decision.fault;
      if (fault === 'status5xx') {
        record.fault = fault;
        return clockifyErrors.serverError(decision.status);
      }
      if (fault === 'hang' || fault === 'dropBeforeCommit') return fault;
    }
    const reply = handleRoute(route, {
      index,
      store,
      user,
      query: new URLSearchParams(record.query),
      body,
      newEntryId,
      onMutation,
    });
    // Only a stored entry can be dropped "after commit"; a rejected create is answered as usual.
    return fault === 'dropAfterCommit' && reply.status === 201 ? fault : reply;
  }

  function answer(
    request: IncomingMessage,
    response: ServerResponse,
    record: RecordedRequest,
    rawBody: string,
  ): void {
    const outcome = decide(request, record, rawBody);
    if (typeof outcome === 'string') fail(request, record, outcome);
    else send(response, record, outcome);
  }

  function onRequest(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: queryStart === -1 ? url : url.slice(0, queryStart),
      query: queryStart === -1 ? '' : url.slice(queryStart + 1),
      status: 0,
      headers: redactHeaders(request.headers),
      at: now(),
    };
    // Logged on arrival, so a request still waiting (latency, hang) already counts; the answer fills `status`.
    requestLog.add(record);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        send(response, record, clockifyErrors.payloadTooLarge());
        return;
      }
      const rawBody =
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const latencyMs = faultPlan.latencyMs;
      if (latencyMs <= 0) {
        answer(request, response, record, rawBody);
        return;
      }
      const timer = setTimeout(() => {
        latencyTimers.delete(timer);
        answer(request, response, record, rawBody);
      }, latencyMs);
      latencyTimers.add(timer);
    });
  }

  const server = createServer(onRequest);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const address = await listen(server, port, host);
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;

  return {
    url,
    apiBaseUrl: `${url}${API_PREFIX}`,
    seed,
    entries: (workspaceId) => structuredClone(store.list(workspaceId)),
    requests: () => requestLog.list(),
    requestCount: () => requestLog.count,
    setFaults(next) {
      faultPlan = createFaultPlan(next);
      faults = next;
    },
    setRateLimit(next) {
      rateLimiter = createRateLimiter(next, now);
      rateLimit = next;
    },
    reset() {
      store.clear();
      requestLog.clear();
      rateLimiter.reset();
      faultPlan = createFaultPlan(faults);
      onMutation();
    },
    stop() {
      stopping ??= (async () => {
        for (const timer of latencyTimers) clearTimeout(timer);
        latencyTimers.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await dataWriter?.flush();
      })();
      return stopping;
    },
  };
}
