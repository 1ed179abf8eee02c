// The plain workbook the sandbox worker (sandbox.worker.ts) hands back to the main thread, the limits
// it is read under, and range lookups for merged cells. No imports: the worker bundles this file.
//
// Everything here is data a structured clone can carry: arrays, strings, numbers, booleans, null.
// Cells are objects whose keys are fixed by our code (t, v, w, z, f); sheet names are values in an
// array and a Map, never object keys, so nothing a file says can become a prototype key.

/** Limits every workbook is read under: the round import, the expert import and the CLI. */
export const WORKBOOK_LIMITS = {
  fileBytes: 10 * 1024 * 1024, // the file itself (and the upload body)
  // Sum of the uncompressed sizes the zip's central directory declares: a small "zip bomb" that would
  // inflate to gigabytes is refused before anything is inflated.
  uncompressedBytes: 150 * 1024 * 1024,
  zipEntries: 2_000,
  sheets: 50,
  rows: 20_000, // rows read per sheet; a sheet beyond it is reported by its reader, not parsed
  columns: 200,
  cellTextLength: 32_767, // Excel's own maximum
  merges: 5_000, // merged ranges per sheet; they are kept as ranges, never expanded cell by cell
  timeoutMs: 20_000, // wall-clock time of one reading
  heapMb: 768, // old-generation heap of the worker
} as const;

export type CellType = 's' | 'n' | 'b' | 'e' | 'd' | 'z';

export interface PlainCell {
  t: CellType; // SheetJS cell type
  v: string | number | boolean | null; // raw value (a 'd' cell: ISO date text)
  w?: string; // formatted text as SheetJS gives it
  z?: string; // number format string
  f?: string; // formula (never evaluated; readers refuse it)
}

export interface CellAddress {
  r: number;
  c: number;
}

export interface CellRange {
  s: CellAddress;
  e: CellAddress;
}

export interface PlainSheet {
  name: string;
  hidden: boolean;
  range: CellRange | null; // the parsed range (!ref); null for an empty sheet
  fullRange: CellRange | null; // the declared range (!fullref), which may extend past the rows read
  // rows[r][c], absolute 0-based indices; a missing row or cell is empty. At most `rows` rows and
  // `columns` columns are carried.
  rows: (PlainCell | null)[][];
  merges: CellRange[];
}

export interface PlainWorkbook {
  sheetNames: string[];
  sheets: Map<string, PlainSheet>;
}

export interface ReadOptions {
  maxRows?: number; // rows read per sheet (default WORKBOOK_LIMITS.rows)
  cellDates?: boolean; // date cells as type 'd' with ISO text (the expert import refuses them)
  timeoutMs?: number;
}

/** Column letters of a 0-based index: 0 → A, 27 → AB. */
export function columnLetter(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function cellName(r: number, c: number): string {
  return `${columnLetter(c)}${r + 1}`;
}

export function rangeName(range: CellRange): string {
  return `${cellName(range.s.r, range.s.c)}:${cellName(range.e.r, range.e.c)}`;
}

/**
 * Which merged range, if any, covers a cell: per column, the ranges covering it sorted by first row,
 * found by binary search. Building it costs one entry per (range, column) within `maxColumns`, never
 * one per cell, so 600 ranges of 10,000 × 200 cells cost 120,000 entries, not 1.2 billion.
 */
export class MergeIndex {
  private readonly byColumn = new Map<number, CellRange[]>();

  constructor(merges: readonly CellRange[], maxColumns: number = WORKBOOK_LIMITS.columns) {
    for (const m of merges) {
      const last = Math.min(m.e.c, maxColumns);
      for (let c = m.s.c; c <= last; c++) {
        let list = this.byColumn.get(c);
        if (!list) this.byColumn.set(c, (list = []));
        list.push(m);
      }
    }
    for (const list of this.byColumn.values()) list.sort((a, b) => a.s.r - b.s.r);
  }

  /** The range covering (r, c), or null. Overlapping ranges (Excel never writes them) may be missed. */
  find(r: number, c: number): CellRange | null {
    const list = this.byColumn.get(c);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].s.r <= r) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    const m = list[found];
    return m.e.r >= r ? m : null;
  }
}

/** The cell at (r, c) of a sheet; with `merges`, a cell inside a merged range reads as its top-left. */
export function sheetCell(
  sheet: PlainSheet,
  r: number,
  c: number,
  merges?: MergeIndex,
): PlainCell | undefined {
  const m = merges?.find(r, c);
  const row = m ? sheet.rows[m.s.r] : sheet.rows[r];
  const cell = row ? row[m ? m.s.c : c] : undefined;
  return cell ?? undefined;
}
