import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config/load-config.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

/** `tracker status`: what the ledger holds, by state, and the rows that need attention. */
export async function runStatus(flags: {
  config?: string;
  ledger?: string;
  json?: boolean;
  limit?: number;
}): Promise<ExitCodeValue> {
  const ledgerPath = flags.ledger
    ? resolve(flags.ledger)
    : (await loadConfig({ explicit: flags.config })).ledgerPath;
  const { LedgerError, openLedger } = await import('@tracker/sync');
  let ledger: ReturnType<typeof openLedger>;
  try {
    ledger = openLedger(ledgerPath, { readonly: true });
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    if (error.code !== 'not-found') throw new CliError(`Cannot read the ledger: ${error.message}`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ ledger: ledgerPath, targets: [] }, null, 2)}\n`);
    else process.stdout.write(`No ledger yet at ${ledgerPath}: nothing has been synced.\n`);
    return ExitCode.ok;
  }
  try {
    const limit = flags.limit ?? 50;
    const targets = ledger.targets().map((target) => ({
      target,
      counts: ledger.counts(target),
      attention: ledger.rows({ target, states: ['pending', 'failed'], limit }),
    }));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ledger: ledgerPath, targets }, null, 2)}\n`);
      return ExitCode.ok;
    }
    process.stdout.write(`Ledger ${ledgerPath}\n`);
    if (targets.length === 0) process.stdout.write('  empty: nothing has been synced.\n');
    for (const { target, counts, attention } of targets) {
      process.stdout.write(
        `${target}\n  done ${counts.done} · pending ${counts.pending} · failed ${counts.failed}\n`,
      );
      for (const row of attention) {
        const why = row.lastErrorKind ? ` — ${row.lastErrorKind}: ${row.lastErrorMessage ?? ''}` : '';
        process.stdout.write(
          `  ${row.state.padEnd(7)} ${row.projectId} ${row.start} → ${row.end} (${row.key})${why}\n`,
        );
      }
      const shown = attention.length;
      const needing = counts.pending + counts.failed;
      if (needing > shown) process.stdout.write(`  …and ${needing - shown} more (--limit N to see more)\n`);
    }
    return ExitCode.ok;
  } finally {
    ledger.close();
  }
}
