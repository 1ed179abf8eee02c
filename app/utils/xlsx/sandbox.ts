// The one way the app and the CLI open a workbook: `readWorkbookInSandbox(bytes)`.
//
// 1. Cheap checks on the main thread, before anything is inflated: size, zip signature, and the zip's
//    central directory (an OOXML workbook has xl/workbook.xml; .xls, .xlsb, .ods, CSV and random
//    bytes are refused even when named .xlsx; the declared uncompressed size and entry count are
//    capped, so a zip bomb is refused unopened).
// 2. SheetJS reads the bytes inside a worker_threads worker (sandbox.worker.ts) with a capped heap
//    (resourceLimits) and a wall-clock limit; on either the worker is terminated and the answer is
//    422 文件处理超时或过大，已拒绝. A worker whose built-in prototypes changed during a job (a polluting
//    file, CVE-2023-30533) is terminated and the file refused.
// 3. Only plain data comes back (plain.ts); it is validated cell by cell and rebuilt here, so the
//    main thread never holds an object a file shaped.
//
// WORKER LOADING CONTRACT (three modes):
// - A compiled `sandbox.worker.mjs` next to the running module (new URL('./sandbox.worker.mjs',
//   import.meta.url)) is used first. `npm run build` writes one next to the Remix server build
//   (build/sandbox.worker.mjs; tests: tests/.tmp/builds/<key>/sandbox.worker.mjs), see
//   server/build.ts `buildSandboxWorker`. A bundled CLI must write it next to its bundle too
//   (call `buildSandboxWorker(path.join(bundleDir, 'sandbox.worker.mjs'))`).
// - Otherwise the TypeScript source `sandbox.worker.ts` next to this file is started through tsx's
//   loader (vitest, tsx, `npm run dev`, bin/pingshen.mjs).
// - PINGSHEN_SANDBOX_WORKER (an absolute path to a .mjs or .ts worker) overrides both.
//
// One worker is kept warm between readings (starting one costs 0.1–0.5 s); at most two read at once,
// further files wait their turn.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Problem } from '#scoring/types';
import {
  WORKBOOK_LIMITS,
  type CellRange,
  type CellType,
  type PlainCell,
  type PlainSheet,
  type PlainWorkbook,
  type ReadOptions,
} from './plain';
import type { WorkerAnswer, WorkerJob, WorkerMessage } from './sandbox.worker';

export type { PlainWorkbook, PlainSheet, PlainCell, ReadOptions } from './plain';
export { WORKBOOK_LIMITS } from './plain';

export type SandboxOutcome =
  { ok: true; book: PlainWorkbook } | { ok: false; status: 400 | 413 | 422; problems: Problem[] };

export const SANDBOX_REFUSED = '文件处理超时或过大，已拒绝';

function refuse(status: 400 | 413 | 422, code: string, message: string): SandboxOutcome {
  return { ok: false, status, problems: [{ code, message }] };
}

// ---------- Zip central directory ----------

interface ZipDirectory {
  names: string[];
  uncompressed: number; // sum of declared sizes
}

/** The entries of a zip as its central directory declares them; null when it is no well-formed zip. */
export function zipDirectory(bytes: Uint8Array): ZipDirectory | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const u16 = (at: number) => view.getUint16(at, true);
  const min = Math.max(0, bytes.length - 65_557);
  const decoder = new TextDecoder();
  for (let i = bytes.length - 22; i >= min; i--) {
    if (u32(i) !== 0x06054b50) continue;
    const entries = u16(i + 10);
    let p = u32(i + 16);
    let total = 0;
    const names: string[] = [];
    for (let e = 0; e < entries; e++) {
      if (p + 46 > bytes.length || u32(p) !== 0x02014b50) return null;
      const nameLength = u16(p + 28);
      const size = u32(p + 24);
      // 0xFFFFFFFF: the real size is in a zip64 extra field; count it as too large to trust.
      total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
      if (p + 46 + nameLength > bytes.length) return null;
      names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + u16(p + 30) + u16(p + 32);
    }
    return { names, uncompressed: total };
  }
  return null;
}

/** File-level checks that need no inflating; null when the bytes may go to the worker. */
export function precheck(bytes: Uint8Array): SandboxOutcome | null {
  if (bytes.byteLength === 0) return refuse(400, 'file_empty', '文件为空，请选择填写好的 xlsx 文件');
  if (bytes.byteLength > WORKBOOK_LIMITS.fileBytes) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return refuse(413, 'file_too_large', `文件大小为${mb}MB，超过10MB上限；请拆分为多个文件分批导入`);
  }
  const notXlsx = () =>
    refuse(
      400,
      'file_not_xlsx',
      '文件不是 xlsx 格式（Excel 2007 及以上）；如为 .xls、.xlsb、.ods 或 .csv，请在 Excel 中另存为 .xlsx 后再导入',
    );
  // xlsx is a zip: local file header "PK\x03\x04". Old .xls (OLE2), CSV, PDF and random bytes stop here.
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4)
    return notXlsx();
  const directory = zipDirectory(bytes);
  if (!directory) return refuse(400, 'file_corrupt', '文件已损坏或不完整，无法作为 xlsx 打开');
  // .xlsb has xl/workbook.bin, .ods content.xml: only the OOXML workbook part is read.
  if (!directory.names.includes('xl/workbook.xml')) return notXlsx();
  if (directory.names.length > WORKBOOK_LIMITS.zipEntries)
    return refuse(422, 'file_too_complex', `文件包含${directory.names.length}个部件，超过上限，已拒绝`);
  const sheets = directory.names.filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).length;
  if (sheets > WORKBOOK_LIMITS.sheets)
    return refuse(
      422,
      'too_many_sheets',
      `工作簿有${sheets}个工作表，超过${WORKBOOK_LIMITS.sheets}个上限，已拒绝`,
    );
  if (directory.uncompressed > WORKBOOK_LIMITS.uncompressedBytes) {
    return refuse(
      422,
      'file_too_large',
      `文件解压后超过${WORKBOOK_LIMITS.uncompressedBytes / 1024 / 1024}MB上限，已拒绝；请拆分后分批导入`,
    );
  }
  return null;
}

// ---------- Validation of what the worker sends ----------

const TYPES = new Set<CellType>(['s', 'n', 'b', 'e', 'd', 'z']);

class Malformed extends Error {}

function int(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1_048_576 * 16)
    throw new Malformed(`index ${String(value)}`);
  return value;
}

function range(value: unknown): CellRange {
  const v = value as { s?: { r?: unknown; c?: unknown }; e?: { r?: unknown; c?: unknown } } | null;
  if (!v || typeof v !== 'object' || !v.s || !v.e) throw new Malformed('range');
  return { s: { r: int(v.s.r), c: int(v.s.c) }, e: { r: int(v.e.r), c: int(v.e.c) } };
}

function optionalText(value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) throw new Malformed('text');
  return value;
}

function cell(value: unknown): PlainCell | null {
  if (value === null || value === undefined) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw !== 'object' || !TYPES.has(raw.t as CellType)) throw new Malformed('cell');
  const v = raw.v;
  if (!(v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'))
    throw new Malformed('value');
  if (typeof v === 'string' && v.length > WORKBOOK_LIMITS.cellTextLength) throw new Malformed('length');
  // Keys are ours: the file only ever supplies values.
  const out: PlainCell = { t: raw.t as CellType, v };
  const w = optionalText(raw.w, WORKBOOK_LIMITS.cellTextLength);
  const z = optionalText(raw.z, 256);
  const f = optionalText(raw.f, 1024);
  if (w !== undefined) out.w = w;
  if (z !== undefined) out.z = z;
  if (f !== undefined) out.f = f;
  return out;
}

function sheet(value: unknown, maxRows: number): PlainSheet {
  const raw = value as Record<string, unknown>;
  if (!raw || typeof raw !== 'object' || typeof raw.name !== 'string') throw new Malformed('sheet');
  if (!Array.isArray(raw.rows) || raw.rows.length > maxRows + 2) throw new Malformed('rows');
  if (!Array.isArray(raw.merges) || raw.merges.length > WORKBOOK_LIMITS.merges) throw new Malformed('merges');
  const rows: (PlainCell | null)[][] = [];
  raw.rows.forEach((row: unknown, r: number) => {
    if (row === null || row === undefined) return;
    if (!Array.isArray(row) || row.length > WORKBOOK_LIMITS.columns + 1) throw new Malformed('row');
    const out: (PlainCell | null)[] = [];
    row.forEach((c: unknown, i: number) => {
      out[i] = cell(c);
    });
    rows[r] = out;
  });
  return {
    name: raw.name,
    hidden: raw.hidden === true,
    range: raw.range === null ? null : range(raw.range),
    fullRange: raw.fullRange === null ? null : range(raw.fullRange),
    rows,
    merges: raw.merges.map(range),
  };
}

function workbook(answer: { sheetNames: unknown; sheets: unknown }, maxRows: number): PlainWorkbook {
  if (!Array.isArray(answer.sheetNames) || !Array.isArray(answer.sheets)) throw new Malformed('book');
  if (answer.sheets.length > WORKBOOK_LIMITS.sheets) throw new Malformed('sheets');
  const sheetNames = answer.sheetNames.map((n) => {
    if (typeof n !== 'string') throw new Malformed('name');
    return n;
  });
  const sheets = new Map<string, PlainSheet>();
  for (const s of answer.sheets) {
    const read = sheet(s, maxRows);
    sheets.set(read.name, read);
  }
  return { sheetNames, sheets };
}

// ---------- Workers ----------

function workerEntry(): { url: URL; typescript: boolean } {
  const override = process.env.PINGSHEN_SANDBOX_WORKER;
  if (override) return { url: pathToFileURL(override), typescript: override.endsWith('.ts') };
  const compiled = new URL('./sandbox.worker.mjs', import.meta.url);
  if (compiled.protocol === 'file:' && existsSync(fileURLToPath(compiled)))
    return { url: compiled, typescript: false };
  const source = new URL('./sandbox.worker.ts', import.meta.url);
  if (source.protocol === 'file:' && !existsSync(fileURLToPath(source)))
    throw new Error(
      `沙箱工作线程缺失 (sandbox worker missing): no sandbox.worker.mjs or .ts next to ${import.meta.url}`,
    );
  return { url: source, typescript: true };
}

function startWorker(): Worker {
  const entry = workerEntry();
  const resourceLimits = {
    maxOldGenerationSizeMb: WORKBOOK_LIMITS.heapMb,
    maxYoungGenerationSizeMb: 64,
    stackSizeMb: 4,
  };
  if (!entry.typescript) return new Worker(entry.url, { resourceLimits });
  // Workers do not inherit tsx's loader: register it in the worker, then load the source.
  const tsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register({ tsconfig: ${JSON.stringify(
    existsSync(tsconfig) ? tsconfig : undefined,
  )} }); return import(${JSON.stringify(entry.url.href)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

interface Job {
  bytes: Uint8Array;
  options: Required<ReadOptions>;
  resolve: (outcome: SandboxOutcome) => void;
}

const MAX_BUSY = 2;
const IDLE_MS = 60_000;
const JOBS_PER_WORKER = 100;
let idle: { worker: Worker; jobs: number; timer: NodeJS.Timeout } | null = null;
let busy = 0;
let nextId = 1;
const queue: Job[] = [];

function release(worker: Worker, jobs: number): void {
  if (idle || jobs >= JOBS_PER_WORKER) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, jobs, timer };
}

function run(job: Job): void {
  busy++;
  let worker: Worker;
  let jobs = 0;
  if (idle) {
    ({ worker, jobs } = idle);
    clearTimeout(idle.timer);
    idle = null;
    worker.ref();
  } else {
    try {
      worker = startWorker();
    } catch (error) {
      // A deployment without its worker: every file is refused, loudly, rather than read unsandboxed.
      console.error(error);
      busy--;
      job.resolve(refuse(422, 'file_refused', SANDBOX_REFUSED));
      const next = queue.shift();
      if (next) run(next);
      return;
    }
  }
  const id = nextId++;
  let settled = false;
  const finish = (outcome: SandboxOutcome, keep: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
    if (keep) release(worker, jobs + 1);
    else void worker.terminate();
    busy--;
    job.resolve(outcome);
    const next = queue.shift();
    if (next) run(next);
  };
  const refused = () => refuse(422, 'file_refused', SANDBOX_REFUSED);
  const onMessage = (message: WorkerMessage) => {
    if (!message || message.id !== id) return;
    let answer: WorkerAnswer;
    try {
      answer = JSON.parse(new TextDecoder().decode(message.json)) as WorkerAnswer;
    } catch {
      finish(refused(), false);
      return;
    }
    if (answer.tainted) {
      finish(refuse(422, 'file_hostile', `${SANDBOX_REFUSED}（文件内容异常）`), false);
      return;
    }
    if (!answer.ok) {
      finish(refuse(answer.status, answer.code, String(answer.message)), true);
      return;
    }
    try {
      finish({ ok: true, book: workbook(answer, job.options.maxRows) }, true);
    } catch (e) {
      if (process.env.SANDBOX_DEBUG) console.warn('sandbox malformed', e);
      finish(refused(), false);
    }
  };
  // Out of heap (ERR_WORKER_OUT_OF_MEMORY), a crash, or an exit: the file is refused, nothing else.
  const onError = (e: unknown) => {
    if (process.env.SANDBOX_DEBUG) console.warn('sandbox worker error', e);
    finish(refused(), false);
  };
  const onExit = (code: number) => {
    if (process.env.SANDBOX_DEBUG) console.warn('sandbox exit', code);
    finish(refused(), false);
  };
  const timer = setTimeout(() => finish(refused(), false), job.options.timeoutMs);
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  // A copy the worker owns: the caller's buffer stays usable (it is hashed and stored afterwards).
  const copy = new Uint8Array(job.bytes);
  const message: WorkerJob = {
    id,
    bytes: copy,
    maxRows: job.options.maxRows,
    cellDates: job.options.cellDates,
  };
  worker.postMessage(message, [copy.buffer]);
}

/**
 * Reads a workbook in the sandbox. Never throws on bad input: 413 for a file over 10 MB, 400 for
 * anything that is not an xlsx workbook, 422 for a file over a limit or that the worker could not
 * read within its heap and time.
 */
export function readWorkbookInSandbox(bytes: Uint8Array, options: ReadOptions = {}): Promise<SandboxOutcome> {
  const early = precheck(bytes);
  if (early) return Promise.resolve(early);
  const full: Required<ReadOptions> = {
    maxRows: Math.min(options.maxRows ?? WORKBOOK_LIMITS.rows, WORKBOOK_LIMITS.rows),
    cellDates: options.cellDates ?? false,
    timeoutMs: options.timeoutMs ?? WORKBOOK_LIMITS.timeoutMs,
  };
  return new Promise((resolve) => {
    const job: Job = { bytes, options: full, resolve };
    if (busy < MAX_BUSY) run(job);
    else queue.push(job);
  });
}

/** Terminates the warm worker (tests, shutdown). */
export async function closeSandbox(): Promise<void> {
  const current = idle;
  idle = null;
  if (current) {
    clearTimeout(current.timer);
    await current.worker.terminate();
  }
}
