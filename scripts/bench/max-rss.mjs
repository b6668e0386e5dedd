// Preloaded with `node --import` into a measured process: on exit, writes its peak resident set size (KiB,
// from process.resourceUsage().maxRSS) to the file named by $TRACKER_BENCH_MAXRSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.TRACKER_BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
