import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseScores } from '#scoring/normalise';
import type { NormaliseSheet } from '#scoring/types';

function panel(byExpert: Record<string, number[]>): NormaliseSheet[] {
  return Object.entries(byExpert).flatMap(([expertId, totals]) =>
    totals.map((total, i) => ({ expertId, itemId: `P${i}`, total })),
  );
}

describe('normaliseScores', () => {
  it('maps a strict and a lenient expert with the same ordering onto the same scale', () => {
    // the lenient expert gives every item 20 more: after normalisation both agree exactly
    const out = normaliseScores(panel({ strict: [60, 65, 70, 75, 80], lenient: [80, 85, 90, 95, 100] }));
    const strict = out.filter((s) => s.expertId === 'strict').map((s) => s.normalised);
    const lenient = out.filter((s) => s.expertId === 'lenient').map((s) => s.normalised);
    expect(strict).toEqual(lenient);
    expect(out[0].z).toBe(-1.4142);
  });

  it('rescales to the panel mean and spread', () => {
    // panel mean 80, population sd of all ten totals = sqrt(150) = 12.2474…
    const out = normaliseScores(panel({ a: [60, 65, 70, 75, 80], b: [80, 85, 90, 95, 100] }));
    // middle item of each expert: z = 0 → panel mean
    expect(out[2].normalised).toBe(80);
    // z = √2: 80 + √2 · √150 = 80 + √300 = 97.3205…
    expect(out[4].normalised).toBe(97.32);
  });

  it('leaves experts with fewer than minItems scored items out', () => {
    const out = normaliseScores(panel({ many: [60, 70, 80, 90, 100], few: [50, 60, 70, 80] }));
    expect(out.filter((s) => s.expertId === 'few').every((s) => s.normalised === null && s.z === null)).toBe(
      true,
    );
    expect(out.filter((s) => s.expertId === 'many').every((s) => s.normalised !== null)).toBe(true);
    expect(normaliseScores(panel({ few: [50, 60, 70, 80] }), { minItems: 4 })[0].normalised).not.toBeNull();
  });

  it('an expert who gave everyone the same total sits at the panel mean', () => {
    const out = normaliseScores(panel({ flat: [70, 70, 70, 70, 70], other: [60, 70, 80, 90, 100] }));
    expect(out.filter((s) => s.expertId === 'flat').map((s) => s.normalised)).toEqual([75, 75, 75, 75, 75]);
  });

  it('keeps the input order and fields, and handles an empty panel', () => {
    const input = panel({ a: [1, 2, 3, 4, 5] });
    expect(
      normaliseScores(input).map(({ expertId, itemId, total }) => ({ expertId, itemId, total })),
    ).toEqual(input);
    expect(normaliseScores([])).toEqual([]);
    expect(() => normaliseScores([{ expertId: 'a', itemId: 'x', total: Number.NaN }])).toThrow(RangeError);
  });

  it('preserves each expert’s ordering of items (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 5, maxLength: 12 }),
        (hundredths) => {
          const out = normaliseScores(panel({ e: hundredths.map((h) => h / 100), f: [1, 2, 3, 4, 5] }));
          const mine = out.filter((s) => s.expertId === 'e');
          for (const a of mine) {
            for (const b of mine) {
              if (a.total < b.total)
                expect(a.normalised as number).toBeLessThanOrEqual(b.normalised as number);
            }
          }
        },
      ),
    );
  });
});
