// Preloaded into a benchmarked process (node --import): on exit, writes the process's peak resident
// set size (maxRSS, KiB) to the file named by PINGSHEN_BENCH_RSS_FILE, so the parent can read it.
import { writeFileSync } from 'node:fs';

const file = process.env.PINGSHEN_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
