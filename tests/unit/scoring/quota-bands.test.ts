import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotaBands } from '#scoring/quota-bands';
import type { GroupItem, QuotaGrading } from '#scoring/types';
import { shanghaiGrading } from './factories';

function items(scores: (number | null)[], vetoed: number[] = []): GroupItem[] {
  return scores.map((score, i) => ({ id: `p${i}`, score, vetoed: vetoed.includes(i) }));
}

function gradesOf(list: GroupItem[], grading: QuotaGrading = shanghaiGrading): (string | undefined)[] {
  const { grades } = quotaBands(list, grading);
  return list.map((it) => grades.get(it.id));
}

const include: QuotaGrading = { ...shanghaiGrading, bottom: { ...shanghaiGrading.bottom, ties: 'include' } };
const descending = (n: number, from = 100) => Array.from({ length: n }, (_, i) => from - i);

describe('quotaBands: plain case', () => {
  it('10 distinct scores: 1 优秀, 2 良好, 6 一般, 1 不合格', () => {
    const list = items(descending(10));
    const result = quotaBands(list, shanghaiGrading);
    expect(result.n).toBe(10);
    expect(result.failQuota).toBe(1);
    expect(result.caps).toEqual([
      { grade: '优秀', cap: 1 },
      { grade: '良好', cap: 3 },
    ]);
    expect(gradesOf(list)).toEqual([
      '优秀',
      '良好',
      '良好',
      '一般',
      '一般',
      '一般',
      '一般',
      '一般',
      '一般',
      '不合格',
    ]);
  });

  it('the order of the input does not matter', () => {
    const list = items(descending(10)).reverse();
    const { grades } = quotaBands(list, shanghaiGrading);
    expect(grades.get('p0')).toBe('优秀');
    expect(grades.get('p9')).toBe('不合格');
  });

  it('computes share × n exactly with each rounding rule', () => {
    // n = 15: fail round(1.5) = 2; 优秀 floor(1.5) = 1; 良好 floor(4.5) = 4
    const list = items(descending(15));
    const r = quotaBands(list, shanghaiGrading);
    expect([r.failQuota, r.caps[0].cap, r.caps[1].cap]).toEqual([2, 1, 4]);
    // n = 30: 0.1 × 30 is 3.0000000000000004 in doubles; ceil must still give 3
    const ceil: QuotaGrading = {
      ...shanghaiGrading,
      top: [{ grade: '优秀', cumulativeShare: 0.1, rounding: 'ceil' }],
    };
    expect(quotaBands(items(descending(30)), ceil).caps[0].cap).toBe(3);
  });

  it('a band never holds more than a later cap allows (mixed roundings)', () => {
    // n = 5: 优秀 ceil(0.5) = 1 but 优秀 + 良好 floor(0.5) = 0, so nobody can be 优秀 either
    const mixed: QuotaGrading = {
      ...shanghaiGrading,
      top: [
        { grade: '优秀', cumulativeShare: 0.1, rounding: 'ceil' },
        { grade: '良好', cumulativeShare: 0.1, rounding: 'floor' },
      ],
    };
    const r = quotaBands(items(descending(5)), mixed);
    expect(r.caps).toEqual([
      { grade: '优秀', cap: 0 },
      { grade: '良好', cap: 0 },
    ]);
    expect([...r.grades.values()]).not.toContain('优秀');
  });

  it('small groups may have no fail and no top band at all', () => {
    // n = 4: fail round(0.4) = 0, 优秀 floor(0.4) = 0, 良好 floor(1.2) = 1
    expect(gradesOf(items([90, 80, 70, 60]))).toEqual(['良好', '一般', '一般', '一般']);
    expect(gradesOf(items([]))).toEqual([]);
  });
});

describe('quotaBands: fail set ties (bottom boundary)', () => {
  // n = 10, k = 1, the two lowest tie at 91 and straddle the quota
  const straddling = items([100, 99, 98, 97, 96, 95, 94, 93, 91, 91]);

  it('spare leaves the whole tied block out (fewer fail)', () => {
    expect(gradesOf(straddling).slice(8)).toEqual(['一般', '一般']);
    expect([...quotaBands(straddling, shanghaiGrading).grades.values()]).not.toContain('不合格');
  });

  it('include takes the whole tied block in', () => {
    expect(gradesOf(straddling, include).slice(7)).toEqual(['一般', '不合格', '不合格']);
  });

  it('a tied block that fits inside the quota fails whole under either rule', () => {
    // n = 20, k = 2, the two lowest tie
    const list = items([...descending(18), 50, 50]);
    for (const g of [shanghaiGrading, include]) {
      const grades = gradesOf(list, g);
      expect(grades.slice(18)).toEqual(['不合格', '不合格']);
      expect(grades.filter((x) => x === '不合格')).toHaveLength(2);
    }
  });

  it('a block after the quota is filled is untouched, even if tied with the last failed (spare or include)', () => {
    // n = 20, k = 2: lowest 40 fails, then 45, 45 straddle (1 place left)
    const list = items([...descending(17), 45, 45, 40]);
    expect(gradesOf(list).slice(17)).toEqual(['一般', '一般', '不合格']);
    expect(gradesOf(list, include).slice(17)).toEqual(['不合格', '不合格', '不合格']);
  });
});

describe('quotaBands: vetoes and the below line', () => {
  it('vetoed items fail whatever their score, count in n and fill the quota first', () => {
    const list = items(descending(10), [0]);
    const grades = gradesOf(list);
    expect(grades[0]).toBe('不合格');
    // quota k = 1 already reached by the veto: the lowest score is not failed
    expect(grades[9]).toBe('一般');
    // the best unvetoed item takes 优秀
    expect(grades[1]).toBe('优秀');
    expect(quotaBands(list, shanghaiGrading).n).toBe(10);
  });

  it('items below the line fail even beyond the quota', () => {
    const below: QuotaGrading = { ...shanghaiGrading, bottom: { ...shanghaiGrading.bottom, below: 60 } };
    const list = items([95, 90, 85, 80, 75, 70, 65, 60, 59.99, 30]);
    const grades = gradesOf(list, below);
    expect(grades.slice(7)).toEqual(['一般', '不合格', '不合格']);
    expect(grades.filter((g) => g === '不合格')).toHaveLength(2);
  });

  it('the fail set is completed from the lowest after vetoes and below', () => {
    const below: QuotaGrading = {
      ...shanghaiGrading,
      bottom: { ...shanghaiGrading.bottom, share: 0.2, below: 50 },
    };
    // n = 10, k = 2: p9 (40) is below the line, p8 (70) completes the quota
    const grades = gradesOf(items([100, 99, 98, 97, 96, 95, 94, 93, 70, 40]), below);
    expect(grades.slice(7)).toEqual(['一般', '不合格', '不合格']);
  });
});

describe('quotaBands: top band ties (top boundary)', () => {
  it('a tie straddling the 优秀 cap closes 优秀 and is tried in 良好', () => {
    // n = 10: 优秀 cap 1, two tied at 100 → neither is 优秀; both 良好 (cumulative 2 ≤ 3)
    const grades = gradesOf(items([100, 100, 98, 97, 96, 95, 94, 93, 92, 91]));
    expect(grades.slice(0, 4)).toEqual(['良好', '良好', '良好', '一般']);
    expect(grades).not.toContain('优秀');
  });

  it('a tie straddling the 良好 cap goes to 一般, and so does everything below it', () => {
    // n = 10: 100 优秀 (1), 99 良好 (2), 98 × 2 would make 4 > 3
    const grades = gradesOf(items([100, 99, 98, 98, 97, 96, 95, 94, 93, 92]));
    expect(grades.slice(0, 5)).toEqual(['优秀', '良好', '一般', '一般', '一般']);
  });

  it('a tie exactly filling the cap is admitted', () => {
    // n = 20: 优秀 cap 2, 良好 cap 6
    const grades = gradesOf(items([100, 100, ...descending(18, 99)]));
    expect(grades.slice(0, 7)).toEqual(['优秀', '优秀', '良好', '良好', '良好', '良好', '一般']);
  });

  it('minScore keeps a band empty below the line and passes the block on', () => {
    const withMin: QuotaGrading = {
      ...shanghaiGrading,
      top: [
        { grade: '优秀', cumulativeShare: 0.1, rounding: 'floor', minScore: 90 },
        { grade: '良好', cumulativeShare: 0.3, rounding: 'floor', minScore: 80 },
      ],
    };
    expect(gradesOf(items([89, 85, 81, 79, 70, 69, 68, 67, 66, 65]), withMin).slice(0, 4)).toEqual([
      '良好',
      '良好',
      '良好',
      '一般',
    ]);
    expect(gradesOf(items([79, 78, 77, 76, 75, 74, 73, 72, 71, 70]), withMin).slice(0, 3)).toEqual([
      '一般',
      '一般',
      '一般',
    ]);
  });
});

describe('quotaBands: incomplete items', () => {
  it('are neither graded nor counted in n', () => {
    const list = items([...descending(10), null, null]);
    const r = quotaBands(list, shanghaiGrading);
    expect(r.n).toBe(10);
    expect(r.grades.has('p10')).toBe(false);
    expect(r.grades.size).toBe(10);
  });
});

describe('quotaBands: properties', () => {
  const order = (g: QuotaGrading) => [...g.top.map((b) => b.grade), g.middle, g.bottom.grade];
  const groupArb = fc.array(
    fc.record({
      score: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 10 }),
      vetoed: fc.boolean(),
    }),
    { maxLength: 60 },
  );
  const gradingArb = fc
    .record({
      s1: fc.integer({ min: 0, max: 50 }),
      s2: fc.integer({ min: 0, max: 50 }),
      bottom: fc.integer({ min: 0, max: 50 }),
      r1: fc.constantFrom('floor' as const, 'ceil' as const, 'round' as const),
      r2: fc.constantFrom('floor' as const, 'ceil' as const, 'round' as const),
      rb: fc.constantFrom('floor' as const, 'ceil' as const, 'round' as const),
      ties: fc.constantFrom('spare' as const, 'include' as const),
      min1: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      below: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    })
    .map((p): QuotaGrading => ({
      kind: 'quota',
      top: [
        { grade: 'A', cumulativeShare: Math.min(p.s1, p.s2) / 100, rounding: p.r1, minScore: p.min1 },
        { grade: 'B', cumulativeShare: Math.max(p.s1, p.s2) / 100, rounding: p.r2 },
      ],
      middle: 'C',
      bottom: { grade: 'D', share: p.bottom / 100, rounding: p.rb, ties: p.ties, below: p.below },
    }));

  const withIds = (raw: { score: number | null; vetoed: boolean }[]) =>
    raw.map((r, i) => ({ id: `p${i}`, ...r }));

  it('caps are never exceeded and every graded item gets exactly one grade', () => {
    fc.assert(
      fc.property(groupArb, gradingArb, (raw, grading) => {
        const list = withIds(raw);
        const r = quotaBands(list, grading);
        const graded = list.filter((it) => it.score !== null);
        expect(r.n).toBe(graded.length);
        expect(r.grades.size).toBe(graded.length);
        let cumulative = 0;
        grading.top.forEach((band, j) => {
          cumulative += [...r.grades.values()].filter((g) => g === band.grade).length;
          expect(cumulative).toBeLessThanOrEqual(r.caps[j].cap);
        });
      }),
    );
  });

  it('bands are monotone in score among unvetoed items; vetoed items always fail', () => {
    fc.assert(
      fc.property(groupArb, gradingArb, (raw, grading) => {
        const list = withIds(raw);
        const { grades } = quotaBands(list, grading);
        const rank = order(grading);
        const graded = list.filter((it) => it.score !== null);
        for (const a of graded) {
          if (a.vetoed) expect(grades.get(a.id)).toBe(grading.bottom.grade);
          for (const b of graded) {
            if (a.vetoed || b.vetoed || (a.score as number) <= (b.score as number)) continue;
            // a scores higher than b: a's band is at least as good (smaller index)
            expect(rank.indexOf(grades.get(a.id) as string)).toBeLessThanOrEqual(
              rank.indexOf(grades.get(b.id) as string),
            );
          }
        }
      }),
    );
  });

  it('tied items always share a band', () => {
    fc.assert(
      fc.property(groupArb, gradingArb, (raw, grading) => {
        const list = withIds(raw).filter((it) => !it.vetoed);
        const { grades } = quotaBands(list, grading);
        for (const a of list) {
          for (const b of list) {
            if (a.score !== null && a.score === b.score) expect(grades.get(a.id)).toBe(grades.get(b.id));
          }
        }
      }),
    );
  });

  it('fail count respects the quota rule (spare: ≤ k unless forced; include: ≥ k when possible)', () => {
    fc.assert(
      fc.property(groupArb, gradingArb, (raw, grading) => {
        const list = withIds(raw);
        const r = quotaBands(list, grading);
        const failed = [...r.grades.values()].filter((g) => g === grading.bottom.grade).length;
        const forced = list.filter(
          (it) =>
            it.score !== null &&
            (it.vetoed || (grading.bottom.below !== undefined && it.score < grading.bottom.below)),
        ).length;
        if (grading.bottom.ties === 'spare')
          expect(failed).toBeLessThanOrEqual(Math.max(r.failQuota, forced));
        else expect(failed).toBeGreaterThanOrEqual(Math.min(r.failQuota, r.n));
      }),
    );
  });

  it('is invariant under permutation of the items and idempotent', () => {
    fc.assert(
      fc.property(groupArb, gradingArb, (raw, grading) => {
        const list = withIds(raw);
        const once = quotaBands(list, grading);
        const again = quotaBands([...list].reverse(), grading);
        expect(new Map([...again.grades].sort())).toEqual(new Map([...once.grades].sort()));
        expect(quotaBands(list, grading)).toEqual(once);
      }),
    );
  });
});
