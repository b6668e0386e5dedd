import { SinkError } from '@tracker/core';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { type BuiltSink, buildSink } from '../sinks/build-sink.js';

interface CheckLine {
  ok: boolean;
  label: string;
  detail: string;
  fix?: string;
}

/** `tracker doctor`: each thing a sync needs, ✓ or ✗ with the fix. Read-only towards the service. */
export async function runDoctor(flags: { config?: string; json?: boolean }): Promise<ExitCodeValue> {
  const lines: CheckLine[] = [];
  let code: ExitCodeValue = ExitCode.ok;
  const fail = (line: Omit<CheckLine, 'ok'>, exitCode: ExitCodeValue) => {
    lines.push({ ok: false, ...line });
    if (code === ExitCode.ok) code = exitCode;
  };

  let loaded: LoadedConfig | undefined;
  try {
    loaded = await loadConfig({ explicit: flags.config });
    lines.push({ ok: true, label: 'config', detail: loaded.path });
  } catch (error) {
    fail(
      { label: 'config', detail: (error as Error).message, fix: 'fix the config file as described' },
      ExitCode.usage,
    );
  }

  let built: BuiltSink | undefined;
  if (loaded) {
    try {
      built = await buildSink(loaded, { resolveSecrets: false });
      lines.push({ ok: true, label: 'sink', detail: `${built.plugin.name} → ${built.sink.target}` });
    } catch (error) {
      fail({ label: 'sink', detail: (error as Error).message }, ExitCode.usage);
    }
  }

  let secretsOk = true;
  if (loaded && built) {
    for (const name of built.plugin.secrets) {
      try {
        // Through the sink's own resolver, so check() below reuses the value instead of looking again.
        const found = await built.getSecret(name);
        lines.push({ ok: true, label: 'secret', detail: `${name} from ${found.source}` });
      } catch (error) {
        secretsOk = false;
        fail(
          { label: 'secret', detail: (error as Error).message, fix: `tracker secrets set ${name}` },
          ExitCode.auth,
        );
      }
    }
  }

  if (built && secretsOk) {
    if (!built.sink.check) {
      lines.push({
        ok: true,
        label: 'service',
        detail: `${built.plugin.name} has no read-only check; skipped`,
      });
    } else {
      try {
        const result = await built.sink.check();
        const details = Object.entries(result.details)
          .map(([key, value]) => `${key}: ${value}`)
          .join('; ');
        lines.push({
          ok: true,
          label: 'service',
          detail: `${result.identity}${details ? ` (${details})` : ''}`,
        });
      } catch (error) {
        const kind = SinkError.is(error) ? error.kind : 'unknown';
        const exitCode =
          kind === 'auth' || kind === 'forbidden'
            ? ExitCode.auth
            : kind === 'network' || kind === 'unavailable' || kind === 'no-reply'
              ? ExitCode.unreachable
              : ExitCode.someFailed;
        fail({ label: 'service', detail: (error as Error).message }, exitCode);
      }
    }
  }

  if (loaded) {
    try {
      const { openLedger } = await import('@tracker/sync');
      const ledger = openLedger(loaded.ledgerPath);
      try {
        const counts = ledger.counts(built?.sink.target);
        const ok = counts.pending === 0;
        const detail = `${loaded.ledgerPath} writable; done ${counts.done}, pending ${counts.pending}, failed ${counts.failed}`;
        if (ok) lines.push({ ok: true, label: 'ledger', detail });
        else
          fail(
            {
              label: 'ledger',
              detail,
              fix: 'run the sync again to settle pending rows, or see `tracker status`',
            },
            ExitCode.someFailed,
          );
      } finally {
        ledger.close();
      }
    } catch (error) {
      fail(
        {
          label: 'ledger',
          detail: `${loaded.ledgerPath}: ${(error as Error).message}`,
          fix: 'set "ledger" in the config to a writable path',
        },
        ExitCode.usage,
      );
    }
  }

  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ok: code === ExitCode.ok, checks: lines }, null, 2)}\n`);
    return code;
  }
  for (const line of lines) {
    const detail = line.detail.replace(/\n/g, '\n      ');
    process.stdout.write(`${line.ok ? '✓' : '✗'} ${line.label.padEnd(8)} ${detail}\n`);
    if (!line.ok && line.fix) process.stdout.write(`  fix: ${line.fix}\n`);
  }
  return code;
}
