// Where each item / sheet / score came from in the input file, so the engine's problems (which name
// item, expert and criterion) can be traced back to a spreadsheet row and column.
import type { Problem } from '#scoring/types';

export interface Location {
  row?: number;
  sheet?: string;
  column?: string;
}

const SEP = '\u0000';

export class Locations {
  private readonly byKey = new Map<string, Location>();

  /** Records the first place an item, an item × expert sheet or a single score appears. */
  remember(location: Location, itemId: string, expertId?: string, criterionId?: string): void {
    const key = [itemId, expertId ?? '', criterionId ?? ''].join(SEP);
    if (!this.byKey.has(key)) this.byKey.set(key, location);
  }

  /** The problem with row/sheet/column filled from the most specific place known. */
  locate(p: Problem): Problem {
    if (p.row !== undefined || p.itemId === undefined) return p;
    const candidates = [
      [p.itemId, p.expertId ?? '', p.criterionId ?? ''],
      [p.itemId, p.expertId ?? '', ''],
      [p.itemId, '', ''],
    ];
    for (const parts of candidates) {
      const found = this.byKey.get(parts.join(SEP));
      if (found) {
        const column = parts[2] === '' ? undefined : found.column;
        // The engine's path (sheets[3]) indexes the sheets built from the rows, not the file: the
        // row replaces it.
        const { path: _enginePath, ...rest } = p;
        return {
          ...rest,
          ...(found.row === undefined ? {} : { row: found.row }),
          ...(found.sheet === undefined ? {} : { sheet: found.sheet }),
          ...(column === undefined ? {} : { column }),
        };
      }
    }
    return p;
  }
}
