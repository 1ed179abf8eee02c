import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededShuffle } from '#scoring/seeded-shuffle';

describe('seededShuffle', () => {
  it('is frozen: recorded seeds must replay to the same order forever', () => {
    expect(seededShuffle(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 'pingshen-2026')).toEqual([
      'g',
      'h',
      'j',
      'b',
      'c',
      'f',
      'a',
      'e',
      'd',
      'i',
    ]);
    expect(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], '第一批-四川-2026-01')).toEqual([
      8, 3, 4, 5, 2, 1, 9, 12, 6, 10, 11, 7,
    ]);
  });

  it('property: a permutation of the input, the input untouched, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const copy = items.slice();
        const once = seededShuffle(items, seed);
        expect(items).toEqual(copy);
        expect(seededShuffle(items, seed)).toEqual(once);
        expect([...once].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('puts every element first about equally often over many seeds', () => {
    const counts = [0, 0, 0, 0, 0];
    for (let s = 0; s < 5000; s++) counts[seededShuffle([0, 1, 2, 3, 4], `seed-${s}`)[0]]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('gives different orders for different seeds', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(seededShuffle(items, 'a')).not.toEqual(seededShuffle(items, 'b'));
  });
});
