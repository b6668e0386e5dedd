import { setMaxListeners } from 'node:events';
import { type Allocation, allocationKey, SinkError, type SinkErrorKind } from '@tracker/core';
import { createAllocationReader } from './allocation-reader.js';
import { backoffDelay } from './backoff.js';
import { createIntentWriter } from './intent-writer.js';
import type { LedgerRow } from './ledger.js';
import { createPauseGate } from './pause-gate.js';
import { createSendWindow, type SendWindow } from './send-window.js';
import { realSleep, wakeOnAbort } from './sleep.js';
import type { SyncEvent, SyncFailure, SyncOptions, SyncReport, SyncStopReason } from './sync-types.js';
import { createTokenBucket } from './token-bucket.js';

/** Allocations read, and their ledger rows fetched, per batch. */
const CHUNK_SIZE = 500;
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 64;
const DEFAULT_MAX_WAIT_MS = 120_000;
const DEFAULT_MAX_ATTEMPTS = 5;
/** Shorter pacing waits are routine at 10 requests/s and not worth an event. */
const PACING_EVENT_MIN_MS = 1000;

interface WorkItem {
  allocation: Allocation;
  key: string;
  row: LedgerRow | undefined;
}

interface Problem {
  kind: SinkErrorKind | 'unknown';
  message: string;
  status?: number;
  retryAfterMs?: number;
}

type Settlement =
  | { outcome: 'found'; entryId: string }
  | { outcome: 'absent' }
  | { outcome: 'unsettled'; message: string };

function toProblem(error: unknown): Problem {
  if (SinkError.is(error)) {
    const problem: Problem = { kind: error.kind, message: error.message };
    if (error.status !== undefined) problem.status = error.status;
    if (error.retryAfterMs !== undefined) problem.retryAfterMs = error.retryAfterMs;
    return problem;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    kind: 'unknown',
    message: `The sink failed with an unexpected error (${detail.slice(0, 300)}); it may or may not have created the entry.`,
  };
}

function checkOptions(options: SyncOptions): { concurrency: number; maxAttempts: number; maxWaitMs: number } {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(
      `syncAllocations: concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, not ${concurrency}`,
    );
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`syncAllocations: maxAttempts must be a positive integer, not ${maxAttempts}`);
  }
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  if (!(maxWaitMs >= 0))
    throw new RangeError(`syncAllocations: maxWaitMs must be 0 or more, not ${maxWaitMs}`);
  const rate = options.ratePerSecond;
  if (rate !== undefined && (!(rate >= 0) || !Number.isFinite(rate))) {
    throw new RangeError(
      `syncAllocations: ratePerSecond must be a positive number (or 0 for unpaced), not ${rate}`,
    );
  }
  return { concurrency, maxAttempts, maxWaitMs };
}

/**
 * Makes each allocation exactly one entry in `options.sink`, however often it runs, crashes or is retried:
 * the ledger records `pending` before every push and the result after it. Per-allocation problems land in
 * the report; it throws only `LedgerLockedError` (another sync runs), bad options, and errors of its own.
 */
export async function syncAllocations(
  allocations: Iterable<Allocation> | AsyncIterable<Allocation>,
  options: SyncOptions,
): Promise<SyncReport> {
  const limits = checkOptions(options);
  const lock = options.dryRun
    ? undefined
    : options.ledger.acquireLock({ command: options.command ?? 'sync' });
  try {
    return await runSync(allocations, options, limits);
  } finally {
    lock?.release();
  }
}

async function runSync(
  allocations: Iterable<Allocation> | AsyncIterable<Allocation>,
  options: SyncOptions,
  limits: { concurrency: number; maxAttempts: number; maxWaitMs: number },
): Promise<SyncReport> {
  const { sink, ledger } = options;
  const { maxAttempts, maxWaitMs } = limits;
  const target = sink.target;
  const dryRun = options.dryRun === true;
  const now = options.now ?? (() => performance.now());
  const sleep = wakeOnAbort(options.sleep ?? realSleep);
  const startedAt = now();
  const knownTotal = Array.isArray(allocations) ? allocations.length : undefined;

  // Aborted by the caller's signal or by a stop of our own: wakes every sleeping worker at once.
  const stopping = new AbortController();
  // Every sleeping worker listens on it: up to 64 workers is not a leak.
  setMaxListeners(0, stopping.signal);
  let stopped: SyncStopReason | undefined;
  let fatal: { error: unknown } | undefined;
  let resolveStopped: () => void = () => {};
  const whenStopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const stopWith = (reason: SyncStopReason) => {
    if (stopped || fatal) return;
    stopped = reason;
    stopping.abort();
    resolveStopped();
  };
  const failWith = (error: unknown) => {
    if (fatal) return;
    fatal = { error };
    stopping.abort();
    resolveStopped();
  };
  const isStopping = () => stopped !== undefined || fatal !== undefined;
  const onAbort = () => {
    const reason = options.signal?.reason;
    const detail =
      reason instanceof Error ? reason.message : reason === undefined ? 'aborted' : String(reason);
    stopWith({
      kind: 'aborted',
      message: `The sync was interrupted (${detail}); requests in flight were recorded, nothing new was started.`,
    });
  };

  const report: SyncReport = {
    created: 0,
    skipped: 0,
    reconciled: 0,
    failed: 0,
    pending: 0,
    total: 0,
    remaining: 0,
    wouldCreate: 0,
    durationMs: 0,
    failures: [],
    pendingKeys: [],
  };
  const emit = (event: SyncEvent) => {
    if (!options.onEvent) return;
    try {
      options.onEvent(event);
    } catch (error) {
      failWith(error);
    }
  };

  const intents = createIntentWriter(ledger, target);
  const gate = createPauseGate({ budgetMs: maxWaitMs, now, sleep, signal: stopping.signal });
  const bucket = options.ratePerSecond
    ? createTokenBucket({ ratePerSecond: options.ratePerSecond, now })
    : undefined;
  const sendWindow = options.ratePerSecond
    ? createSendWindow({ ratePerSecond: options.ratePerSecond, now })
    : undefined;
  /**
   * Transient failures (network, 5xx, no reply) across the run since a push last got an answer: past
   * maxAttempts the service, not one entry, is down.
   */
  let failureStreak = 0;
  /** Keys met in this run → entry id when known: a repeated key is the same entry, never pushed twice. */
  const seen = new Map<string, string | undefined>();

  const skipped = (item: WorkItem, entryId: string | undefined) => {
    report.skipped += 1;
    emit({ type: 'skipped', key: item.key, allocation: item.allocation, entryId });
  };
  const created = (item: WorkItem, entryId: string) => {
    ledger.markDone(target, item.key, entryId);
    seen.set(item.key, entryId);
    report.created += 1;
    emit({ type: 'created', key: item.key, allocation: item.allocation, entryId });
  };
  const reconciled = (item: WorkItem, entryId: string) => {
    ledger.markDone(target, item.key, entryId);
    seen.set(item.key, entryId);
    report.reconciled += 1;
    emit({ type: 'reconciled', key: item.key, allocation: item.allocation, entryId });
  };
  const failed = (item: WorkItem, problem: Problem) => {
    report.failed += 1;
    const failure: SyncFailure = {
      key: item.key,
      allocation: item.allocation,
      kind: problem.kind,
      message: problem.message,
    };
    if (problem.status !== undefined) failure.status = problem.status;
    report.failures.push(failure);
    emit({
      type: 'failed',
      key: item.key,
      allocation: item.allocation,
      kind: problem.kind,
      message: problem.message,
    });
  };
  const leftPending = (item: WorkItem, message: string) => {
    report.pending += 1;
    report.pendingKeys.push(item.key);
    emit({ type: 'pending', key: item.key, allocation: item.allocation, message });
  };

  const unreachable = (problem: Problem, why: string) =>
    stopWith({
      kind: 'unreachable',
      message: `${sink.name} could not be reached: ${why}. Last error: ${problem.message}`,
    });

  /** Waits out a retryable failure through the shared gate; false once the run's wait budget is spent. */
  const waitBeforeRetry = (problem: Problem, retry: number): boolean => {
    const rateLimited = problem.kind === 'rate-limited';
    const ms = rateLimited
      ? (problem.retryAfterMs ?? backoffDelay(retry, options.backoff))
      : backoffDelay(retry, options.backoff);
    if (!gate.pause(ms)) {
      const why = `waiting ${Math.ceil(ms / 1000)} s more would pass the wait budget of ${Math.round(maxWaitMs / 1000)} s (maxWaitMs)`;
      if (rateLimited) {
        stopWith({
          kind: 'rate-limited',
          message: `${sink.name} is limiting our requests and ${why}. Last answer: ${problem.message}`,
        });
      } else {
        unreachable(problem, why);
      }
      return false;
    }
    emit({ type: 'waiting', ms, reason: rateLimited ? 'rate-limited' : 'backoff' });
    return true;
  };

  /** Pacing waits do not count against maxWaitMs; long ones are worth an event. */
  const pace = async (ms: number) => {
    if (ms >= PACING_EVENT_MIN_MS) emit({ type: 'waiting', ms, reason: 'pacing' });
    await sleep(ms, stopping.signal);
  };

  /**
   * Waits for the shared pause and a pacing slot. Returns the gate's pause count as of then (the ticket
   * `clearToSend` takes), or undefined when the run is stopping instead.
   */
  const readyToCall = async (): Promise<number | undefined> => {
    for (;;) {
      if (isStopping()) return undefined;
      await gate.pass();
      const pauses = gate.pauses;
      if (bucket && !isStopping()) {
        const wait = bucket.reserve();
        if (wait > 0) await pace(wait);
      }
      if (isStopping()) return undefined;
      // A 429 came in while this worker waited for its slot: after the pause, a fresh slot, so the workers
      // do not all go the moment it ends.
      if (gate.pauses === pauses) return pauses;
    }
  };

  /**
   * The last wait before a paced sink call: until the send window has room, then records the send. A pause
   * begun since `ticket` sends the worker back through the gate and the bucket. False when stopping instead.
   */
  const clearToSend = async (window: SendWindow, ticket: number): Promise<boolean> => {
    let since = ticket;
    for (;;) {
      if (isStopping()) return false;
      if (gate.pauses !== since) {
        const next = await readyToCall();
        if (next === undefined) return false;
        since = next;
        continue;
      }
      const wait = window.admit();
      if (wait <= 0) return true;
      await pace(wait);
    }
  };

  /** Asks the sink whether an entry for this allocation exists; retries transient failures like a push. */
  const settle = async (
    item: WorkItem,
    attempt: { failures: number },
    afterFailedPush: boolean,
  ): Promise<Settlement> => {
    const find = sink.find;
    if (!find) return { outcome: 'unsettled', message: 'this sink cannot look entries up; check by hand' };
    for (;;) {
      const ticket = await readyToCall();
      if (ticket === undefined || (sendWindow && !(await clearToSend(sendWindow, ticket))))
        return { outcome: 'unsettled', message: 'the run stopped before it could be looked up' };
      let entryId: string | undefined;
      try {
        entryId = await find.call(sink, item.allocation);
      } catch (error) {
        const problem = toProblem(error);
        const unsettled = (): Settlement => {
          ledger.notePendingError(target, item.key, problem.kind, `Looking it up failed: ${problem.message}`);
          return { outcome: 'unsettled', message: `looking it up failed: ${problem.message}` };
        };
        switch (problem.kind) {
          case 'auth':
          case 'forbidden':
            stopWith({ kind: problem.kind, message: problem.message });
            return unsettled();
          case 'rate-limited':
            attempt.failures += 1;
            if (attempt.failures >= maxAttempts) {
              stopWith({
                kind: 'rate-limited',
                message: `${sink.name} kept limiting our requests. Last answer: ${problem.message}`,
              });
              return unsettled();
            }
            if (!waitBeforeRetry(problem, attempt.failures)) return unsettled();
            continue;
          case 'network':
          case 'unavailable':
          case 'no-reply':
            attempt.failures += 1;
            failureStreak += 1;
            if (failureStreak >= maxAttempts) {
              unreachable(problem, `${failureStreak} calls in a row failed`);
              return unsettled();
            }
            if (attempt.failures >= maxAttempts) return unsettled();
            if (!waitBeforeRetry(problem, attempt.failures)) return unsettled();
            continue;
          default:
            return unsettled();
        }
      }
      // After our own push failed, an answered look-up does not prove the service can create entries.
      if (!afterFailedPush) failureStreak = 0;
      return typeof entryId === 'string' && entryId !== ''
        ? { outcome: 'found', entryId }
        : { outcome: 'absent' };
    }
  };

  const processItem = async (item: WorkItem): Promise<void> => {
    const attempt = { failures: 0 };
    // True while the ledger says `pending` for this key: if the run stops now, the outcome is unknown.
    let ledgerPending = item.row?.state === 'pending';
    const stoppedHere = () => {
      if (ledgerPending) leftPending(item, 'the run stopped before this allocation was settled');
    };

    if (ledgerPending) {
      const settlement = await settle(item, attempt, false);
      if (settlement.outcome === 'found') return reconciled(item, settlement.entryId);
      if (settlement.outcome === 'unsettled') return leftPending(item, settlement.message);
    }

    for (;;) {
      const ticket = await readyToCall();
      if (ticket === undefined) return stoppedHere();
      const wasPending = ledgerPending;
      await intents.announce(item.key, item.allocation);
      ledgerPending = true;
      // The send window goes after the commit: it guards when requests really go out.
      if (isStopping() || (sendWindow && !(await clearToSend(sendWindow, ticket)))) {
        // Stopped while the intent was committed or the call waited to go: nothing was sent, so say so.
        if (wasPending) return stoppedHere();
        ledger.markFailed(target, item.key, 'not-sent', 'The run stopped before this request was sent.');
        return;
      }
      let entryId: string;
      try {
        entryId = await sink.push(item.allocation);
      } catch (error) {
        const problem = toProblem(error);
        switch (problem.kind) {
          case 'auth':
          case 'forbidden':
            failureStreak = 0;
            ledger.markFailed(target, item.key, problem.kind, problem.message);
            ledgerPending = false;
            stopWith({ kind: problem.kind, message: problem.message });
            return;
          case 'rejected':
          case 'config':
            failureStreak = 0;
            ledger.markFailed(target, item.key, problem.kind, problem.message);
            return failed(item, problem);
          case 'rate-limited':
            // Certainly not created: `failed` (retried next run) rather than `pending` (looked up first).
            ledger.markFailed(target, item.key, problem.kind, problem.message);
            ledgerPending = false;
            attempt.failures += 1;
            if (attempt.failures >= maxAttempts) {
              stopWith({
                kind: 'rate-limited',
                message: `${sink.name} kept limiting our requests. Last answer: ${problem.message}`,
              });
              return;
            }
            if (!waitBeforeRetry(problem, attempt.failures)) return;
            continue;
          case 'network':
            ledger.markFailed(target, item.key, problem.kind, problem.message);
            ledgerPending = false;
            attempt.failures += 1;
            failureStreak += 1;
            if (failureStreak >= maxAttempts)
              return unreachable(problem, `${failureStreak} calls in a row failed`);
            if (attempt.failures >= maxAttempts) return failed(item, problem);
            if (!waitBeforeRetry(problem, attempt.failures)) return;
            continue;
          case 'unavailable':
          case 'no-reply': {
            ledger.notePendingError(target, item.key, problem.kind, problem.message);
            attempt.failures += 1;
            failureStreak += 1;
            if (failureStreak >= maxAttempts) {
              unreachable(problem, `${failureStreak} calls in a row failed`);
              return leftPending(item, problem.message);
            }
            if (!sink.find)
              return leftPending(item, `${problem.message} This sink cannot look entries up: check by hand.`);
            if (attempt.failures >= maxAttempts || !waitBeforeRetry(problem, attempt.failures)) {
              return leftPending(item, problem.message);
            }
            const settlement = await settle(item, attempt, true);
            // Found: this run's own push made it, so it counts as created.
            if (settlement.outcome === 'found') return created(item, settlement.entryId);
            if (settlement.outcome === 'unsettled') return leftPending(item, settlement.message);
            continue;
          }
          default:
            // bad-response, or not a SinkError: the entry may exist; the next run looks it up first.
            failureStreak = 0;
            ledger.notePendingError(target, item.key, problem.kind, problem.message);
            return leftPending(item, problem.message);
        }
      }
      failureStreak = 0;
      return created(item, entryId);
    }
  };

  // The dispenser: hands out work in input order, one caller at a time, reading and looking up in chunks.
  const reader = createAllocationReader(allocations);
  let read = 0;
  let buffer: WorkItem[] = [];
  let index = 0;

  /** Settles what needs no request right here (done, repeated, dry run); true when the item is handled. */
  const handledWithoutRequest = (item: WorkItem): boolean => {
    if (seen.has(item.key)) {
      skipped(item, seen.get(item.key));
      return true;
    }
    const row = item.row;
    seen.set(item.key, row?.state === 'done' ? (row.entryId ?? undefined) : undefined);
    if (row?.state === 'done') {
      skipped(item, row.entryId ?? undefined);
      return true;
    }
    if (dryRun) {
      if (row?.state === 'pending') {
        leftPending(
          item,
          sink.find
            ? 'pending from an earlier run: a real run looks it up before pushing'
            : 'pending from an earlier run, and this sink cannot look entries up: check by hand',
        );
      } else {
        report.wouldCreate += 1;
        emit({ type: 'would-create', key: item.key, allocation: item.allocation });
      }
      return true;
    }
    if (row?.state === 'pending' && !sink.find) {
      leftPending(item, 'pending from an earlier run, and this sink cannot look entries up: check by hand');
      return true;
    }
    return false;
  };

  const takeNext = async (): Promise<WorkItem | undefined> => {
    for (;;) {
      while (index < buffer.length && !isStopping()) {
        const item = buffer[index] as WorkItem;
        index += 1;
        if (!handledWithoutRequest(item)) return item;
      }
      if (isStopping() || reader.done) return undefined;
      const reading = reader.read(CHUNK_SIZE);
      reading.catch(() => {}); // rethrown below unless the run stopped first
      const chunk = await Promise.race([reading, whenStopped.then(() => undefined)]);
      if (chunk === undefined || chunk.length === 0) return undefined;
      read += chunk.length;
      const keys = chunk.map(allocationKey);
      const rows = ledger.getMany(target, keys);
      buffer = chunk.map((allocation, i) => {
        const key = keys[i] as string;
        return { allocation, key, row: rows.get(key) };
      });
      index = 0;
    }
  };
  let turn: Promise<unknown> = Promise.resolve();
  const nextItem = (): Promise<WorkItem | undefined> => {
    const next = turn.then(takeNext);
    turn = next.catch(() => undefined);
    return next;
  };

  const worker = async () => {
    try {
      for (let item = await nextItem(); item; item = await nextItem()) await processItem(item);
    } catch (error) {
      failWith(error);
    }
  };

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    emit({ type: 'started', total: knownTotal });
    await Promise.all(Array.from({ length: dryRun ? 1 : limits.concurrency }, worker));
    if (!dryRun && !fatal) ledger.flush();
  } catch (error) {
    failWith(error);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    reader.close();
  }
  if (fatal) throw fatal.error;

  report.total = knownTotal ?? read;
  report.remaining = Math.max(
    0,
    report.total -
      report.created -
      report.skipped -
      report.reconciled -
      report.failed -
      report.pending -
      report.wouldCreate,
  );
  report.durationMs = Math.max(0, Math.round(now() - startedAt));
  if (stopped) report.stopped = stopped;
  emit({ type: 'finished', report });
  if (fatal) throw (fatal as { error: unknown }).error;
  return report;
}
