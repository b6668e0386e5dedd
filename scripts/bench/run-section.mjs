// `node scripts/bench/run-section.mjs <name>`: runs one measurement in this fresh process and prints its
// result as one JSON line on stdout (or `{"error": …}`).
import { emulatorThroughput, engineOverhead, noopResync, pacing } from './sections.mjs';

const sections = { emulatorThroughput, engineOverhead, noopResync, pacing };

const name = process.argv[2];
const section = Object.hasOwn(sections, name) ? sections[name] : undefined;
let result;
try {
  if (typeof section !== 'function') throw new Error(`no section ${name}`);
  result = await section();
} catch (error) {
  result = { error: error instanceof Error ? error.message : String(error) };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
