// Turns the measurements into the table's rows (measure, figure, baseline, ratio, target, met?) and prints them.
const int = (n) => Math.round(n).toLocaleString('en-US');
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n) => `${n.toFixed(0)} MB`;
const times = (n) => `${n.toFixed(2)}×`;

const failedRow = (measure, target, result) => ({
  measure,
  figure: `error: ${result.error}`,
  baseline: '',
  ratio: '',
  target,
  met: false,
});

export function buildRows(results) {
  const { overhead, pacing, noop, cold, memory, emulator } = results;
  const rows = [];

  rows.push(
    overhead.error
      ? failedRow('1 engine overhead', 'ratio ≤ 1.15', overhead)
      : {
          measure: `1 engine overhead: ${int(overhead.creates)} creates, c=${overhead.concurrency}`,
          figure: `engine ${secs(overhead.engineMs)}`,
          baseline: `fetch loop ${secs(overhead.baselineMs)}`,
          ratio: times(overhead.ratio),
          target: 'ratio ≤ 1.15',
          met: overhead.ratio <= 1.15,
        },
  );
  if (!overhead.error) {
    // The same run with a one-fetch sink: what the engine and ledger cost, apart from the sink's HTTP client (ky).
    rows.push({
      measure: '1b  …same engine + ledger, bare-fetch sink',
      figure: `engine ${secs(overhead.bareSinkEngineMs)}`,
      baseline: `fetch loop ${secs(overhead.baselineMs)}`,
      ratio: times(overhead.bareSinkRatio),
      target: 'ratio ≤ 1.15',
      met: overhead.bareSinkRatio <= 1.15,
    });
  }
  rows.push(
    pacing.error
      ? failedRow('2 pacing', '≥ 95%, 0 × 429', pacing)
      : {
          measure: `2 pacing: ${pacing.creates} at ${pacing.rate}/s, limit ${pacing.rate}/s`,
          figure: `${pacing.achievedPerSecond.toFixed(1)}/s, ${pacing.tooMany} × 429`,
          baseline: `${pacing.rate}/s`,
          ratio: `${(pacing.share * 100).toFixed(1)}%`,
          target: '≥ 95%, 0 × 429',
          met: pacing.share >= 0.95 && pacing.tooMany === 0,
        },
  );
  rows.push(
    noop.error
      ? failedRow('3 no-op re-sync', '≥ 50,000/s', noop)
      : {
          measure: `3 no-op re-sync: ${int(noop.allocations)} done`,
          figure: `${int(noop.perSecond)}/s`,
          baseline: `bare ledger read ${int(noop.baselinePerSecond)}/s`,
          ratio: times(noop.ratio),
          target: '≥ 50,000/s',
          met: noop.perSecond >= 50_000,
        },
  );
  rows.push(
    cold.error
      ? failedRow('4 cold start', 'ratio ≤ 2×', cold)
      : {
          measure: '4 cold start: tracker --version',
          figure: `${cold.trackerMs.toFixed(0)} ms`,
          baseline: `node -e 0 ${cold.nodeMs.toFixed(0)} ms`,
          ratio: times(cold.ratio),
          target: 'ratio ≤ 2×',
          met: cold.ratio <= 2,
        },
  );
  rows.push(
    memory.error
      ? failedRow('5 peak RSS', '≤ 200 MB at 100k', memory)
      : {
          measure: '5 peak RSS: sync --dry-run NDJSON',
          figure: `${memory.largeCount / 1000}k: ${mb(memory.largeMb)}`,
          baseline: `${memory.smallCount / 1000}k: ${mb(memory.smallMb)}`,
          ratio: times(memory.ratio),
          target: '≤ 200 MB at 100k',
          met: memory.largeMb <= 200,
        },
  );
  const engineRate = overhead.error ? undefined : overhead.creates / (overhead.engineMs / 1000);
  rows.push(
    emulator.error
      ? failedRow('6 emulator', '> engine rate', emulator)
      : {
          measure: `6 emulator: fetch loop, c=${emulator.concurrency}`,
          figure: `${int(emulator.createsPerSecond)}/s (${emulator.serverMicrosPerCreate.toFixed(0)} µs CPU/create)`,
          baseline: engineRate ? `engine ${int(engineRate)}/s` : 'engine: n/a',
          ratio: engineRate ? times(emulator.createsPerSecond / engineRate) : '',
          target: '> engine rate',
          met: engineRate ? emulator.createsPerSecond > engineRate : false,
        },
  );
  return rows;
}

export function formatTable(rows) {
  const header = {
    measure: 'measure',
    figure: 'figure',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    met: 'met?',
  };
  const cells = [header, ...rows.map((row) => ({ ...row, met: row.met ? 'yes' : 'NO' }))];
  const columns = Object.keys(header);
  const widths = columns.map((column) => Math.max(...cells.map((cell) => String(cell[column]).length)));
  const line = (cell) =>
    columns
      .map((column, i) => String(cell[column]).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(header), rule, ...cells.slice(1).map(line)].join('\n');
}
