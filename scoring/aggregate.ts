// aggregate: an item's valid sheet totals → its score (汇总得分), rounded once, half-up, exactly.
import { differenceExceeds, meanRounded, roundHalfUp } from './decimal';
import { resolveAggregation } from './defaults';
import type { AggregateResult, AggregationOptions } from './types';

const ascending = (a: number, b: number) => a - b;

export function aggregate(totals: number[], options: AggregationOptions): AggregateResult {
  const { method, trim, minForTrim, quorum, decimals, spreadLimit } = resolveAggregation(options);
  for (const t of totals) {
    if (!Number.isFinite(t)) throw new RangeError(`aggregate: total is not a finite number: ${t}`);
  }
  // Doubles sort exactly like the decimals they denote (see decimal.ts).
  const sorted = [...totals].sort(ascending);
  const n = sorted.length;
  const flags: string[] = [];
  if (spreadLimit !== null && n >= 2 && differenceExceeds(sorted[n - 1], sorted[0], spreadLimit))
    flags.push('spread');
  if (n === 0 || n < quorum) return { score: null, status: 'incomplete', flags };

  let score: number;
  if (method === 'median') {
    const mid = Math.floor(n / 2);
    score =
      n % 2 === 1
        ? roundHalfUp(sorted[mid], decimals)
        : meanRounded([sorted[mid - 1], sorted[mid]], decimals);
  } else if (method === 'trimmed' && n >= minForTrim) {
    const kept = sorted.slice(trim, n - trim);
    if (kept.length === 0) {
      throw new RangeError(`aggregate: trimming ${trim} from each end of ${n} totals leaves none`);
    }
    score = meanRounded(kept, decimals);
  } else {
    score = meanRounded(sorted, decimals);
  }
  return { score, status: 'graded', flags };
}
