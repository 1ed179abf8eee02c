// rankInGroup: competition ranking (1, 2, 2, 4) by score within one group (领域分组); vetoed items
// rank after every other item, among themselves by score; incomplete items get no rank.
import type { GroupItem } from './types';

export function rankInGroup(items: readonly GroupItem[]): Map<string, number | null> {
  const ranks = new Map<string, number | null>();
  const graded: { id: string; score: number; vetoed: boolean }[] = [];
  for (const item of items) {
    if (item.score === null) ranks.set(item.id, null);
    else graded.push({ id: item.id, score: item.score, vetoed: item.vetoed === true });
  }
  graded.sort((a, b) => Number(a.vetoed) - Number(b.vetoed) || b.score - a.score);
  graded.forEach((item, i) => {
    const previous = graded[i - 1];
    const tied = previous !== undefined && previous.vetoed === item.vetoed && previous.score === item.score;
    ranks.set(item.id, tied ? (ranks.get(previous.id) as number) : i + 1);
  });
  return ranks;
}
