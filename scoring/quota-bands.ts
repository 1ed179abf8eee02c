// quotaBands: Shanghai-style banded grading with quotas (沪科规〔2022〕2号: 优秀 and 良好 together at
// most 30% of a field group, the last 10% 不合格, the rest 一般), for the items of ONE group.
import { shareOfCount } from './decimal';
import type { GroupItem, QuotaBandsResult, QuotaGrading } from './types';

interface Scored {
  id: string;
  score: number;
}

// End (exclusive) of the block of items tied with sorted[start].
function blockEnd(sorted: readonly Scored[], start: number): number {
  let end = start + 1;
  while (end < sorted.length && sorted[end].score === sorted[start].score) end++;
  return end;
}

export function quotaBands(items: readonly GroupItem[], grading: QuotaGrading): QuotaBandsResult {
  const { top, middle, bottom } = grading;
  const grades = new Map<string, string>();
  // Incomplete items (no score) are neither graded nor counted.
  const graded = items.filter((item): item is GroupItem & { score: number } => item.score !== null);
  const n = graded.length;
  const failQuota = shareOfCount(bottom.share, n, bottom.rounding);
  // The count after band j is part of every later band's cumulative count, so band j's effective
  // cap is the smallest R_i for i ≥ j (mixed roundings can make R_j exceed R_{j+1}).
  const caps = top.map((band) => ({
    grade: band.grade,
    cap: shareOfCount(band.cumulativeShare, n, band.rounding),
  }));
  for (let j = caps.length - 2; j >= 0; j--) caps[j].cap = Math.min(caps[j].cap, caps[j + 1].cap);

  // a. Fail set: vetoed and below-the-line items always; then the lowest scores, whole tie blocks,
  //    until the quota is reached. A block straddling the quota is left out (spare) or taken (include).
  let failed = 0;
  const others: Scored[] = [];
  for (const item of graded) {
    if (item.vetoed === true || (bottom.below !== undefined && item.score < bottom.below)) {
      grades.set(item.id, bottom.grade);
      failed++;
    } else {
      others.push({ id: item.id, score: item.score });
    }
  }
  // Doubles order exactly like the decimals they denote (decimal.ts); ids break ties for stability.
  others.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let low = 0;
  while (failed < failQuota && low < others.length) {
    const end = blockEnd(others, low);
    if (failed + (end - low) > failQuota && bottom.ties === 'spare') break;
    for (let i = low; i < end; i++) grades.set(others[i].id, bottom.grade);
    failed += end - low;
    low = end;
  }

  // b. Top bands from the highest score down, whole tie blocks, cumulative count within each cap.
  const remaining = others.slice(low).reverse();
  let position = 0;
  top.forEach((band, j) => {
    while (position < remaining.length) {
      const end = blockEnd(remaining, position);
      const fits = end <= caps[j].cap; // end = cumulative count of all top bands so far
      const highEnough = band.minScore === undefined || remaining[position].score >= band.minScore;
      if (!fits || !highEnough) break;
      for (let i = position; i < end; i++) grades.set(remaining[i].id, band.grade);
      position = end;
    }
  });

  // c. Everything else.
  for (let i = position; i < remaining.length; i++) grades.set(remaining[i].id, middle);
  return { n, failQuota, caps, grades };
}
