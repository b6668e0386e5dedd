import type { SyncEvent } from '@tracker/sync';

export interface ProgressCounts {
  created: number;
  skipped: number;
  reconciled: number;
  failed: number;
  pending: number;
}

export interface ProgressDisplay {
  onEvent(event: SyncEvent): void;
  stop(): void;
}

/**
 * A progress bar on stderr while a sync runs, only on a terminal (never escape codes in a pipe or a log).
 * cli-progress is loaded only then, so scripted runs do not pay for it.
 */
export async function createProgressDisplay(
  total: number,
  stream: NodeJS.WriteStream,
): Promise<ProgressDisplay> {
  const counts: ProgressCounts = { created: 0, skipped: 0, reconciled: 0, failed: 0, pending: 0 };
  if (!stream.isTTY || total === 0) return { onEvent: () => {}, stop: () => {} };
  const { default: cliProgress } = await import('cli-progress');
  const startedAt = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        '{bar} {value}/{total} | created {created} · skipped {skipped} · failed {failed}{waiting} | {speed}/s | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let waiting = '';
  const payload = () => {
    const seconds = (Date.now() - startedAt) / 1000;
    const done = counts.created + counts.reconciled;
    return { ...counts, waiting, speed: seconds > 0 ? (done / seconds).toFixed(1) : '0.0' };
  };
  bar.start(total, 0, payload());
  let value = 0;
  return {
    onEvent(event) {
      if (event.type === 'waiting') {
        waiting = ` · waiting ${Math.ceil(event.ms / 1000)}s (${event.reason})`;
        bar.update(value, payload());
        return;
      }
      if (event.type in counts) {
        counts[event.type as keyof ProgressCounts] += 1;
        value += 1;
        waiting = '';
        bar.update(value, payload());
      }
    },
    stop() {
      bar.stop();
    },
  };
}
