import { allocationKey, formatAllocation } from '@tracker/core';
import type { SyncEvent, SyncReport, SyncStopReason } from '@tracker/sync';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config/load-config.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import {
  formatInputProblem,
  type InputFormat,
  type InputRecord,
  readAllocations,
} from '../input/read-allocations.js';
import { describeInterval, formatSeconds, plural } from '../output/describe.js';
import { createProgressDisplay } from '../output/progress.js';
import { buildSink } from '../sinks/build-sink.js';

export interface SyncFlags {
  config?: string;
  format?: InputFormat;
  dryRun?: boolean;
  json?: boolean;
  concurrency?: number;
  rate?: number;
  maxWait?: number;
}

/** Problems shown in text mode before "…and N more" (--json lists them all). */
const MAX_PROBLEMS_SHOWN = 200;

/** `tracker sync <file|->`: validate everything, then sync; returns the exit code. */
export async function runSync(source: string, flags: SyncFlags): Promise<ExitCodeValue> {
  const out = process.stdout;
  const err = process.stderr;
  const loaded = await loadConfig({ explicit: flags.config });

  if (source === '-' && process.stdin.isTTY) {
    throw new CliError(
      'tracker sync -: standard input is a terminal. Pipe allocations in (upstream | tracker sync -) or give a file.',
    );
  }
  const inputName = source === '-' ? 'standard input' : source;
  let input: Awaited<ReturnType<typeof readAllocations>>;
  try {
    input = await readAllocations(source, { format: flags.format });
  } catch (error) {
    throw new CliError(`Cannot read ${inputName}: ${(error as Error).message}`);
  }
  if (input.problems.length > 0) {
    if (flags.json) {
      out.write(
        `${JSON.stringify({ error: 'invalid-input', input: inputName, problems: input.problems }, null, 2)}\n`,
      );
    }
    const shown = input.problems
      .slice(0, MAX_PROBLEMS_SHOWN)
      .map((p) => `  ${inputName}: ${formatInputProblem(p)}`);
    const more = input.problems.length - shown.length;
    err.write(
      `Refusing ${inputName}: ${plural(input.problems.length, 'problem')} found; nothing was sent.\n${shown.join('\n')}\n` +
        (more > 0 ? `  …and ${more} more (--json lists them all).\n` : ''),
    );
    return ExitCode.usage;
  }

  const { sink, plugin, secretSources } = await buildSink(loaded, { resolveSecrets: !flags.dryRun });
  const { createMemoryLedger, LedgerError, LedgerLockedError, openLedger, syncAllocations } = await import(
    '@tracker/sync'
  );

  const concurrency = flags.concurrency ?? loaded.config.concurrency ?? 4;
  const rate = flags.rate ?? loaded.config.rate ?? plugin.suggestedRatePerSecond;
  const maxWaitSeconds = flags.maxWait ?? loaded.config.maxWaitSeconds;
  const total = input.records.length;
  if (!flags.json) {
    const via = Object.values(secretSources)[0];
    err.write(
      `${flags.dryRun ? 'Dry run: ' : ''}${plural(total, 'allocation')} from ${inputName} → ${sink.target}` +
        `${via ? ` (key from ${via})` : ''}\n`,
    );
  }

  let ledger: ReturnType<typeof openLedger>;
  try {
    ledger = openLedger(loaded.ledgerPath, { readonly: Boolean(flags.dryRun) });
  } catch (error) {
    // A dry run never creates the ledger: none yet means nothing is synced yet.
    if (!(flags.dryRun && error instanceof LedgerError && error.code === 'not-found')) {
      throw new CliError(`Cannot open the ledger ${loaded.ledgerPath}: ${(error as Error).message}`);
    }
    ledger = createMemoryLedger();
  }

  // No bar for --json (machine output) or --dry-run (its lines go to stdout and it is instant).
  const progress = flags.json || flags.dryRun ? undefined : await createProgressDisplay(total, err);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    progress?.stop();
    err.write('Stopping after the requests in flight (press Ctrl-C again to quit at once)…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let report: SyncReport;
  try {
    report = await syncAllocations(
      input.records.map((r) => r.allocation),
      {
        sink,
        ledger,
        concurrency,
        ...(rate ? { ratePerSecond: rate } : {}),
        ...(maxWaitSeconds !== undefined ? { maxWaitMs: maxWaitSeconds * 1000 } : {}),
        signal: controller.signal,
        dryRun: Boolean(flags.dryRun),
        onEvent: (event: SyncEvent) => {
          progress?.onEvent(event);
          if (event.type === 'would-create' && !flags.json) {
            // Written as they come, not collected: a dry run over 100,000 allocations stays small.
            out.write(
              `  would create  ${event.allocation.projectId}  ${describeInterval(event.allocation)}\n`,
            );
          }
        },
      },
    );
  } catch (error) {
    if (error instanceof LedgerLockedError) {
      const { holder } = error;
      throw new CliError(
        `Another sync is running on ${loaded.ledgerPath} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}` +
          `${holder.command ? `: ${holder.command}` : ''}). Wait for it to finish, or stop it.`,
      );
    }
    throw error;
  } finally {
    progress?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    ledger.close();
  }

  const code = exitCodeFor(report);
  const locations = locateKeys(input.records, [...report.failures.map((f) => f.key), ...report.pendingKeys]);
  if (flags.json) {
    out.write(`${JSON.stringify(toJsonSummary(report, locations, Boolean(flags.dryRun)), null, 2)}\n`);
    return code;
  }
  if (flags.dryRun) {
    out.write(
      `Dry run: would create ${report.wouldCreate}, skip ${report.skipped} already synced. Nothing was sent.\n`,
    );
    return code;
  }
  out.write(`${summaryLine(report)}\n`);
  if (report.failures.length > 0) {
    err.write(`Failed (${report.failures.length}), to be retried on the next run once fixed:\n`);
    for (const failure of report.failures) {
      err.write(
        `  ${locations.get(failure.key) ?? failure.key}: project ${failure.allocation.projectId}, ${describeInterval(failure.allocation)}\n` +
          `    ${failure.message}\n`,
      );
    }
  }
  if (report.pendingKeys.length > 0 && !report.stopped) {
    err.write(
      `${plural(report.pendingKeys.length, 'allocation')} left unknown (the service may or may not have created them); ` +
        'run again to settle them, or see `tracker status`.\n',
    );
  }
  if (report.stopped) err.write(`${stopMessage(report.stopped)}\n`);
  return code;
}

/** Where in the input each of `keys` came from; hashes keys only when there is something to report. */
function locateKeys(records: readonly InputRecord[], keys: readonly string[]): Map<string, string> {
  const locations = new Map<string, string>();
  if (keys.length === 0) return locations;
  const wanted = new Set(keys);
  for (const record of records) {
    const key = allocationKey(record.allocation);
    if (wanted.has(key) && !locations.has(key)) locations.set(key, record.location);
  }
  return locations;
}

export function exitCodeFor(report: SyncReport): ExitCodeValue {
  switch (report.stopped?.kind) {
    case 'auth':
    case 'forbidden':
      return ExitCode.auth;
    case 'unreachable':
      return ExitCode.unreachable;
    case 'rate-limited':
      return ExitCode.rateLimited;
    case 'aborted':
      return ExitCode.interrupted;
    default:
      return report.failed > 0 || report.pending > 0 ? ExitCode.someFailed : ExitCode.ok;
  }
}

function summaryLine(report: SyncReport): string {
  const parts = [`created ${report.created}`, `skipped ${report.skipped}`];
  if (report.reconciled) parts.push(`reconciled ${report.reconciled}`);
  parts.push(`failed ${report.failed}`);
  if (report.pending) parts.push(`unknown ${report.pending}`);
  if (report.remaining > 0) parts.push(`not attempted ${report.remaining}`);
  return `Synced ${plural(report.total, 'allocation')}: ${parts.join(', ')} in ${formatSeconds(report.durationMs)}.`;
}

function stopMessage(stopped: SyncStopReason): string {
  switch (stopped.kind) {
    case 'rate-limited':
      return `Stopped: ${stopped.message}\nWhat is done is recorded; run the same command again later to resume.`;
    case 'aborted':
      return 'Interrupted: what finished is recorded; run the same command again to resume.';
    default:
      return `Stopped: ${stopped.message}`;
  }
}

function toJsonSummary(
  report: SyncReport,
  locations: Map<string, string>,
  dryRun: boolean,
): Record<string, unknown> {
  return {
    created: report.created,
    skipped: report.skipped,
    reconciled: report.reconciled,
    failed: report.failed,
    pending: report.pending,
    total: report.total,
    durationMs: report.durationMs,
    ...(dryRun ? { dryRun: true, wouldCreate: report.wouldCreate } : {}),
    failures: report.failures.map((failure) => ({
      key: failure.key,
      location: locations.get(failure.key),
      ...formatAllocation(failure.allocation),
      kind: failure.kind,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      message: failure.message,
    })),
    pendingKeys: report.pendingKeys,
    ...(report.stopped ? { stopped: report.stopped } : {}),
  };
}
