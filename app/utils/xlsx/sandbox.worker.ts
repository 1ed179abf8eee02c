// The only place SheetJS reads untrusted bytes: a worker_threads worker started by sandbox.ts with a
// capped heap and a wall-clock limit. It answers each job with plain data (see plain.ts) or a refusal;
// a file that pollutes a prototype or never finishes breaks only this worker, which sandbox.ts then
// terminates. Keep imports to 'xlsx' and ./plain: the build bundles this file on its own
// (sandbox.worker.mjs).
import { parentPort } from 'node:worker_threads';
import XLSX from 'xlsx';
import { WORKBOOK_LIMITS, type CellRange, type CellType, type PlainCell, type PlainSheet } from './plain';

export interface WorkerJob {
  id: number;
  bytes: Uint8Array;
  maxRows: number;
  cellDates: boolean;
}

export type WireSheet = Omit<PlainSheet, never>;

export type WorkerAnswer =
  | { id: number; ok: true; sheetNames: string[]; sheets: WireSheet[]; tainted: boolean }
  | { id: number; ok: false; code: string; status: 400 | 413 | 422; message: string; tainted: boolean };

/**
 * What crosses the thread boundary: the answer as UTF-8 JSON in a transferred buffer. Structured
 * cloning 80,000 cell objects cost the main thread ~200 ms to receive; JSON.parse of the same text
 * is several times faster, and the bytes move without a copy.
 */
export type WorkerMessage = { id: number; json: Uint8Array };

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 413 | 422,
    message: string,
  ) {
    super(message);
  }
}

// What the built-in prototypes hold before any file is read; a change after a job means the file
// reached them (CVE-2023-30533 in SheetJS 0.18.5) and this worker must not read another file.
const PROTOTYPES = [Object.prototype, Array.prototype, String.prototype, Function.prototype];
const pristine = PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).join('\u0000'));
const tainted = () => PROTOTYPES.some((p, i) => Object.getOwnPropertyNames(p).join('\u0000') !== pristine[i]);

const TYPES = new Set<CellType>(['s', 'n', 'b', 'e', 'd', 'z']);

function plainRange(range: XLSX.Range): CellRange {
  return { s: { r: range.s.r, c: range.s.c }, e: { r: range.e.r, c: range.e.c } };
}

// A range with a negative corner (an empty sheet's leftovers, a malformed ref) is no range.
function validRange(range: XLSX.Range): CellRange | null {
  const all = [range.s.r, range.s.c, range.e.r, range.e.c];
  return all.every((n) => Number.isInteger(n) && n >= 0) ? plainRange(range) : null;
}

function plainCell(
  cell: XLSX.CellObject,
  sheet: string,
  r: number,
  c: number,
  cellDates: boolean,
): PlainCell {
  const t = (TYPES.has(cell.t as CellType) ? cell.t : 'z') as CellType;
  let v: PlainCell['v'] = null;
  const raw = cell.v as unknown;
  if (raw instanceof Date) v = Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') v = raw;
  if (typeof v === 'string' && v.length > WORKBOOK_LIMITS.cellTextLength) {
    throw new Refusal(
      'cell_too_long',
      422,
      `工作表“${sheet}”${XLSX.utils.encode_cell({ r, c })}单元格超过${WORKBOOK_LIMITS.cellTextLength}字，已拒绝`,
    );
  }
  const out: PlainCell = { t: cellDates || t !== 'd' ? t : 'n', v };
  // The shown text and the number format only when they tell something: readers fall back to the
  // value's own text and treat no format as General. Most cells then carry two fields, not four,
  // which halves what the main thread has to take in (175,000 cells in a 2,000-row file).
  if (typeof cell.w === 'string' && cell.w !== (v === null ? '' : String(v)))
    out.w = cell.w.slice(0, WORKBOOK_LIMITS.cellTextLength);
  if (typeof cell.z === 'string' && cell.z !== 'General') out.z = cell.z.slice(0, 256);
  if (typeof cell.f === 'string') out.f = cell.f.slice(0, 1024);
  return out;
}

function readSheet(ws: XLSX.WorkSheet, name: string, hidden: boolean, job: WorkerJob): WireSheet {
  const ref = ws['!ref'];
  const range = ref ? validRange(XLSX.utils.decode_range(ref)) : null;
  const fullRef = ws['!fullref'] ?? ref;
  const fullRange = fullRef ? validRange(XLSX.utils.decode_range(fullRef)) : null;
  const merges = (ws['!merges'] ?? []).map(validRange).filter((m): m is CellRange => m !== null);
  if (merges.length > WORKBOOK_LIMITS.merges) {
    throw new Refusal(
      'too_many_merges',
      422,
      `工作表“${name}”有${merges.length}个合并单元格区域，超过${WORKBOOK_LIMITS.merges}个上限，已拒绝`,
    );
  }
  const rows: (PlainCell | null)[][] = [];
  const dense = (ws as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'];
  if (range && dense) {
    const lastRow = Math.min(range.e.r, job.maxRows + 1, dense.length - 1);
    for (let r = 0; r <= lastRow; r++) {
      const source = dense[r];
      if (!source) continue;
      const row: (PlainCell | null)[] = [];
      const lastColumn = Math.min(source.length - 1, WORKBOOK_LIMITS.columns);
      for (let c = 0; c <= lastColumn; c++) {
        const cell = source[c];
        row[c] = cell ? plainCell(cell, name, r, c, job.cellDates) : null;
      }
      rows[r] = row;
    }
  }
  return { name, hidden, range, fullRange, rows, merges };
}

function read(job: WorkerJob): { sheetNames: string[]; sheets: WireSheet[] } {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(job.bytes, {
      type: 'array',
      dense: true,
      cellFormula: true, // only to detect formulas and refuse them
      cellHTML: false,
      cellStyles: false,
      cellNF: true, // number formats tell percentages apart
      cellDates: job.cellDates,
      sheetRows: job.maxRows + 2,
      bookVBA: false,
      WTF: false,
    });
  } catch {
    throw new Refusal('file_corrupt', 400, '文件无法作为 xlsx 打开（可能是压缩包或已损坏）');
  }
  // SheetJS also opens other zip formats (ods, xlsb); only the OOXML workbook part is accepted.
  const parts = (book as { Directory?: { workbooks?: string[] } }).Directory?.workbooks ?? [];
  if (!parts.some((p) => p.endsWith('workbook.xml')) || book.SheetNames.length === 0) {
    throw new Refusal('file_not_xlsx', 400, '压缩包中没有 Excel 工作簿内容，不是 xlsx 文件');
  }
  if (book.SheetNames.length > WORKBOOK_LIMITS.sheets) {
    throw new Refusal(
      'too_many_sheets',
      422,
      `工作簿有${book.SheetNames.length}个工作表，超过${WORKBOOK_LIMITS.sheets}个上限，已拒绝`,
    );
  }
  const hiddenFlags = book.Workbook?.Sheets ?? [];
  const sheetNames = book.SheetNames.map(String);
  const sheets = sheetNames.map((name, i) => {
    const ws = book.Sheets[name];
    const hidden = Boolean(hiddenFlags[i]?.Hidden);
    return ws
      ? readSheet(ws, name, hidden, job)
      : { name, hidden, range: null, fullRange: null, rows: [], merges: [] };
  });
  return { sheetNames, sheets };
}

parentPort?.on('message', (job: WorkerJob) => {
  let answer: WorkerAnswer;
  try {
    const { sheetNames, sheets } = read(job);
    answer = { id: job.id, ok: true, sheetNames, sheets, tainted: tainted() };
  } catch (error) {
    const refusal =
      error instanceof Refusal
        ? error
        : new Refusal('file_corrupt', 400, '文件无法作为 xlsx 打开（可能是压缩包或已损坏）');
    answer = {
      id: job.id,
      ok: false,
      code: refusal.code,
      status: refusal.status,
      message: refusal.message,
      tainted: tainted(),
    };
  }
  const json = new TextEncoder().encode(JSON.stringify(answer));
  const message: WorkerMessage = { id: job.id, json };
  parentPort?.postMessage(message, [json.buffer]);
});
