import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankInGroup } from '#scoring/rank-in-group';

describe('rankInGroup', () => {
  it('uses competition ranking: 1, 2, 2, 4', () => {
    const ranks = rankInGroup([
      { id: 'a', score: 90 },
      { id: 'b', score: 85 },
      { id: 'c', score: 85 },
      { id: 'd', score: 80 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ a: 1, b: 2, c: 2, d: 4 });
  });

  it('ranks vetoed items after all others, whatever their score, by score among themselves', () => {
    const ranks = rankInGroup([
      { id: 'v1', score: 99, vetoed: true },
      { id: 'a', score: 70 },
      { id: 'v2', score: 50, vetoed: true },
      { id: 'b', score: 60 },
      { id: 'v3', score: 99, vetoed: true },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ a: 1, b: 2, v1: 3, v3: 3, v2: 5 });
  });

  it('a vetoed item does not tie with an unvetoed one of the same score', () => {
    const ranks = rankInGroup([
      { id: 'a', score: 80 },
      { id: 'v', score: 80, vetoed: true },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ a: 1, v: 2 });
  });

  it('gives incomplete items no rank and does not count them', () => {
    const ranks = rankInGroup([
      { id: 'x', score: null },
      { id: 'a', score: 80 },
      { id: 'b', score: 70 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ x: null, a: 1, b: 2 });
  });

  it('rank = 1 + number of strictly better items (property)', () => {
    const item = fc.record({
      score: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      vetoed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (raw) => {
        const items = raw.map((r, i) => ({ id: `p${i}`, ...r }));
        const ranks = rankInGroup(items);
        for (const it of items) {
          if (it.score === null) {
            expect(ranks.get(it.id)).toBeNull();
            continue;
          }
          const better = items.filter(
            (o) =>
              o.score !== null &&
              ((!o.vetoed && it.vetoed) || (o.vetoed === it.vetoed && o.score > (it.score as number))),
          ).length;
          expect(ranks.get(it.id)).toBe(better + 1);
        }
      }),
    );
  });
});
