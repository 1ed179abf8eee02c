// npm run bench:engine — the scoring engine on 2,000 items × 9 experts × 12 criteria with the Shanghai
// preset's grading (a 12-criterion copy of its rubric), in-process and through the `pingshen` CLI.
// Every figure stands beside a baseline measured in the same run on the same machine, as a ratio:
// in-process grading against JSON.parse of the same input, the CLI against `node -e ''`, and the CLI
// end to end against a straightforward exact-decimal Python implementation of the same grading
// contract (tests/bench/reference/grade.py, whose output must equal the CLI's). Targets (issue 8 §4):
// CLI grading ≤ 0.5× the Python time; `pingshen presets` start-up is reported against `node -e ''`.
// Run `npm run build:cli` first (postinstall does): the CLI runs from its bundle when it is fresh.
// Each measurement runs in its own child process so its peak RSS (maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeItems } from '#scoring/grade-items';
import type { Criterion, GradeInput, Scheme } from '#scoring/types';
import { getPreset } from '#seeds/presets/index';
import { BIN } from '#tests/fixtures/cli/run-cli';
import { seededRandom } from '#tests/fixtures/cli/seeded-random';

const ITEMS = 2000;
const EXPERTS = 9;
const GROUPS = 10;
const IN_PROCESS_RUNS = 9;
const CLI_RUNS = 5;
const THIS_FILE = fileURLToPath(import.meta.url);
const PYTHON_REFERENCE = fileURLToPath(new URL('./reference/grade.py', import.meta.url));
const REPORT_RSS = fileURLToPath(new URL('./report-max-rss.mjs', import.meta.url));

interface Measurement {
  times: number[]; // ms
  maxRssKb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The Shanghai preset with its first five criteria split in two halves: 12 criteria, still 100 points. */
export function twelveCriterionScheme(): Scheme {
  const shanghai = getPreset('shanghai-2022-performance')!.scheme;
  const criteria: Criterion[] = shanghai.rubric.criteria.flatMap((c, i) =>
    i < 5
      ? [
          { ...c, id: `${c.id}-a`, name: `${c.name}（一）`, max: c.max / 2 },
          { ...c, id: `${c.id}-b`, name: `${c.name}（二）`, max: c.max / 2 },
        ]
      : [c],
  );
  return { ...shanghai, id: 'shanghai-2022-performance-12', rubric: { ...shanghai.rubric, criteria } };
}

export function benchInput(scheme: Scheme): GradeInput {
  const random = seededRandom('pingshen-engine-bench');
  const items: GradeInput['items'] = [];
  const sheets: GradeInput['sheets'] = [];
  for (let n = 0; n < ITEMS; n++) {
    const id = `P${String(n + 1).padStart(4, '0')}`;
    items.push({ id, group: `G${(n % GROUPS) + 1}`, ...(n % 97 === 0 ? { vetoed: true } : {}) });
    const quality = random.int(40, 95) / 100;
    for (let e = 0; e < EXPERTS; e++) {
      const scores: Record<string, number> = {};
      for (const c of scheme.rubric.criteria) {
        const level = Math.min(1, Math.max(0, quality + random.int(-12, 12) / 100));
        scores[c.id] = Math.round((level * c.max) / 0.5) * 0.5;
      }
      sheets.push({
        itemId: id,
        expertId: `E${e + 1}`,
        scores,
        ...(n % 50 === 0 && e === 0 ? { recused: true } : {}),
      });
    }
  }
  return { items, sheets };
}

// ---- child modes: one measurement per process ----
function child(mode: string, schemeFile: string, caseFile: string): void {
  const text = readFileSync(caseFile, 'utf8');
  const scheme = JSON.parse(readFileSync(schemeFile, 'utf8')) as Scheme;
  const times: number[] = [];
  // One unmeasured run first, so the JIT is warm in both modes alike.
  for (let run = 0; run <= IN_PROCESS_RUNS; run++) {
    const start = performance.now();
    const input = JSON.parse(text) as GradeInput;
    const parsed = performance.now();
    if (mode === 'grade') {
      const result = gradeItems(scheme, input);
      if (!result.ok) throw new Error(result.problems[0].message);
    }
    const end = performance.now();
    if (run > 0) times.push(mode === 'grade' ? end - parsed : parsed - start);
  }
  process.stdout.write(JSON.stringify({ times, maxRssKb: process.resourceUsage().maxRSS }));
}

function measureChild(mode: string, schemeFile: string, caseFile: string): Measurement {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', THIS_FILE, '--child', mode, schemeFile, caseFile],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (run.status !== 0) throw new Error(`child ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Measurement;
}

function measureProcess(args: string[], dir: string, runs = CLI_RUNS): Measurement {
  const times: number[] = [];
  let maxRssKb = 0;
  const rssFile = join(dir, 'rss.txt');
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--import', REPORT_RSS, ...args], {
      encoding: 'utf8',
      env: { ...process.env, PINGSHEN_BENCH_RSS_FILE: rssFile },
    });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    maxRssKb = Math.max(maxRssKb, Number(readFileSync(rssFile, 'utf8')));
  }
  return { times, maxRssKb };
}

// Any command, timed; peak RSS from GNU time when it is there (0 otherwise).
function measureCommand(command: string, args: string[], dir: string, runs = CLI_RUNS): Measurement {
  const times: number[] = [];
  let maxRssKb = 0;
  const timeFile = join(dir, 'time.txt');
  const gnuTime = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, 'true']).status === 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = gnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
    if (gnuTime)
      maxRssKb = Math.max(maxRssKb, Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)));
  }
  return { times, maxRssKb };
}

// The CLI's results and the reference's, compared as exact decimals (the reference prints 84.5 as
// 84.5 and 85 as 85, like the CLI's JSON numbers).
function sameResults(cliFile: string, pythonFile: string): void {
  const cli = readFileSync(cliFile, 'utf8');
  const python = readFileSync(pythonFile, 'utf8');
  const a = JSON.stringify(JSON.parse(cli));
  const b = JSON.stringify(JSON.parse(python));
  if (a !== b) throw new Error('the Python reference and the CLI disagree on the results');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   '))
    .join('\n');
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'pingshen-bench-'));
  try {
    const scheme = twelveCriterionScheme();
    const input = benchInput(scheme);
    const schemeFile = join(dir, 'scheme.json');
    const caseFile = join(dir, 'case.json');
    writeFileSync(schemeFile, JSON.stringify(scheme));
    writeFileSync(caseFile, JSON.stringify(input));
    const sizeMb = readFileSync(caseFile).length / 1e6;
    const scores = input.sheets.length * scheme.rubric.criteria.length;

    const parse = measureChild('parse', schemeFile, caseFile);
    const grade = measureChild('grade', schemeFile, caseFile);
    const nodeStart = measureProcess(['-e', ''], dir);
    // The CLI and the reference alternate run by run, so a change in the machine's load (the ratio's
    // enemy on a shared machine) falls on both alike.
    const cliArgs = [BIN, 'grade', '--scheme', schemeFile, '--in', caseFile, '--out', join(dir, 'out.json')];
    const pythonArgs = [PYTHON_REFERENCE, schemeFile, caseFile, join(dir, 'python.json')];
    const cli: Measurement = { times: [], maxRssKb: 0 };
    const python: Measurement = { times: [], maxRssKb: 0 };
    for (let run = 0; run < CLI_RUNS; run++) {
      for (const [into, m] of [
        [cli, measureProcess(cliArgs, dir, 1)],
        [python, measureCommand('python3', pythonArgs, dir, 1)],
      ] as const) {
        into.times.push(...m.times);
        into.maxRssKb = Math.max(into.maxRssKb, m.maxRssKb);
      }
    }
    const presets = measureProcess([BIN, 'presets'], dir);
    sameResults(join(dir, 'out.json'), join(dir, 'python.json'));
    const results = (JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { results: unknown[] })
      .results;
    if (results.length !== ITEMS) throw new Error(`CLI graded ${results.length} items, expected ${ITEMS}`);

    const ms = (m: Measurement) => median(m.times);
    const mb = (m: Measurement) => m.maxRssKb / 1024;
    const row = (label: string, m: Measurement, base: Measurement) => [
      label,
      ms(m).toFixed(1),
      (ms(m) / ms(base)).toFixed(2),
      mb(m).toFixed(1),
      (mb(m) / mb(base)).toFixed(2),
    ];
    console.log(
      `pingshen engine benchmark: ${ITEMS} items × ${EXPERTS} experts × ${scheme.rubric.criteria.length} criteria ` +
        `= ${scores.toLocaleString('en')} scores in ${GROUPS} groups; scheme ${scheme.id}; input ${sizeMb.toFixed(1)} MB JSON`,
    );
    console.log(
      `Node ${process.version}, ${availableParallelism()} CPUs; medians of ${IN_PROCESS_RUNS} in-process runs ` +
        `(after one warm-up) and ${CLI_RUNS} process runs; peak RSS = maxRSS of the measuring process\n`,
    );
    console.log(
      table([
        ['measurement', 'median ms', '× baseline', 'peak RSS MB', '× baseline'],
        row('baseline: JSON.parse of the input', parse, parse),
        row('gradeItems in-process', grade, parse),
        row("baseline: node -e ''", nodeStart, nodeStart),
        row('pingshen presets (CLI start-up)', presets, nodeStart),
        row('pingshen grade (CLI, JSON in, JSON out)', cli, nodeStart),
        row('baseline: Python exact-decimal reference', python, python),
        row('pingshen grade (CLI) vs Python reference', cli, python),
      ]),
    );
    const pythonRatio = ms(cli) / ms(python);
    console.log(
      `\nCLI start-up: pingshen presets ${(ms(presets) / ms(nodeStart)).toFixed(2)}× node -e ''; ` +
        `CLI grading end to end: ${pythonRatio.toFixed(2)}× the Python reference (target ≤ 0.50: ` +
        `${pythonRatio <= 0.5 ? 'met' : 'NOT met'}); outputs identical.`,
    );
    console.log(
      `\nin-process grading: ${ms(grade).toFixed(1)} ms (target: well under 100 ms); ` +
        `CLI wall time includes start-up, reading, validation, grading and writing.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(args[1], args[2], args[3]);
else main();
