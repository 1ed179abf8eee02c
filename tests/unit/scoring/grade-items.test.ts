import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfUp } from '#scoring/decimal';
import { gradeItems } from '#scoring/grade-items';
import type { GradeInput, GradeOutput, ItemResult, Scheme, SheetInput } from '#scoring/types';
import { rubric, scheme, sheetsFor, shanghaiGrading, triennialGrading } from './factories';

function graded(s: Scheme, input: GradeInput): GradeOutput {
  const r = gradeItems(s, input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

function byId(out: GradeOutput): Record<string, ItemResult> {
  return Object.fromEntries(out.results.map((r) => [r.itemId, r]));
}

describe('gradeItems: thresholds pipeline', () => {
  const s = scheme({ aggregation: { method: 'trimmed', quorum: 3, decimals: 2, spreadLimit: 20 } });
  const input: GradeInput = {
    items: [{ id: 'A' }, { id: 'B' }, { id: 'C', vetoed: true }, { id: 'D' }, { id: 'E' }],
    sheets: [
      ...sheetsFor('A', [84.12, 84.13]),
      { itemId: 'A', expertId: 'E3', scores: { total: 84.13 } },
      ...sheetsFor('B', [90, 95, 60, 88, 86]),
      ...sheetsFor('C', [95, 96, 97]),
      ...sheetsFor('D', [70, 71]),
      { itemId: 'D', expertId: 'E9', scores: {}, recused: true },
      ...sheetsFor('E', [84.13, 84.12, 84.135]),
    ],
  };
  const out = graded(s, input);
  const r = byId(out);

  it('keeps the input order and names the scheme', () => {
    expect(out.scheme).toBe('test-scheme');
    expect(out.results.map((x) => x.itemId)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('rounds exactly: (84.12 + 84.13 + 84.13) / 3 → 84.13, and .xx5 → up', () => {
    expect(r.A).toMatchObject({ score: 84.13, grade: '合格', status: 'graded', experts: 3, flags: [] });
    // (84.13 + 84.12 + 84.135) / 3 = 84.128333… → 84.13
    expect(r.E.score).toBe(84.13);
  });

  it('trims with ≥ minForTrim sheets and flags the spread', () => {
    // drop 95 and 60: (90 + 88 + 86) / 3 = 88
    expect(r.B).toMatchObject({ score: 88, grade: '优秀', experts: 5, flags: ['spread'] });
    expect(r.B.totals).toEqual({ E1: 90, E2: 95, E3: 60, E4: 88, E5: 86 });
  });

  it('gives a vetoed item the last level, a flag, and the last rank', () => {
    expect(r.C).toMatchObject({ score: 96, grade: '不合格', rank: 4, flags: ['vetoed'] });
  });

  it('leaves a vetoed item under quorum incomplete too: no score, grade or rank until its sheets are complete', () => {
    const out = byId(
      graded(s, {
        items: [{ id: 'V', vetoed: true }, { id: 'A' }],
        sheets: [...sheetsFor('V', [40, 50]), ...sheetsFor('A', [70, 71, 72])],
      }),
    );
    expect(out.V).toMatchObject({
      score: null,
      grade: null,
      rank: null,
      status: 'incomplete',
      flags: ['vetoed'],
    });
    expect(out.A).toMatchObject({ score: 71, grade: '合格', rank: 1 });
  });

  it('leaves an item under quorum incomplete (recused sheets do not count)', () => {
    expect(r.D).toEqual({
      itemId: 'D',
      group: '',
      score: null,
      grade: null,
      rank: null,
      status: 'incomplete',
      experts: 2,
      flags: [],
      totals: { E1: 70, E2: 71 },
    });
  });

  it('ranks by competition ranking in the group', () => {
    expect([r.B.rank, r.A.rank, r.E.rank]).toEqual([1, 2, 2]);
  });
});

describe('gradeItems: quota bands per group', () => {
  const s = scheme({ aggregation: { method: 'mean', quorum: 1 }, grading: shanghaiGrading });
  const items = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: `X${i}`, group: '检验检测' })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `Y${i}`, group: '信息服务' })),
    { id: 'Y-empty', group: '信息服务' },
  ];
  const sheets = [
    ...items.slice(0, 10).flatMap((it, i) => sheetsFor(it.id, [90 - i])),
    ...items.slice(10, 15).flatMap((it, i) => sheetsFor(it.id, [80 - i])),
  ];
  const r = byId(graded(s, { items, sheets }));

  it('bands and ranks each group on its own', () => {
    expect(['X0', 'X1', 'X2', 'X3', 'X9'].map((id) => r[id].grade)).toEqual([
      '优秀',
      '良好',
      '良好',
      '一般',
      '不合格',
    ]);
    // 信息服务: n = 5 (the incomplete item does not count): fail round(0.5) = 1, 优秀 0, 良好 1
    expect(['Y0', 'Y1', 'Y4'].map((id) => r[id].grade)).toEqual(['良好', '一般', '不合格']);
    expect([r.X0.rank, r.Y0.rank, r.Y4.rank]).toEqual([1, 1, 5]);
    expect(r['Y-empty']).toMatchObject({ status: 'incomplete', grade: null, rank: null, experts: 0 });
  });
});

describe('gradeItems: expert ids are data, not object keys with meaning', () => {
  it('keeps an expert called "__proto__" as an own total', () => {
    const s = scheme({ aggregation: { method: 'mean', quorum: 1 } });
    const out = graded(s, {
      items: [{ id: 'P1' }],
      sheets: [{ itemId: 'P1', expertId: '__proto__', scores: { total: 70 } }],
    });
    expect(Object.keys(out.results[0].totals)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(out.results[0].totals))).toEqual(JSON.parse('{"__proto__":70}'));
  });
});

describe('gradeItems: invalid input changes nothing and says why', () => {
  it('returns scheme problems', () => {
    const bad = scheme({ rubric: { criteria: [{ id: 'total', name: '总分', max: -1 }] } });
    const r = gradeItems(bad, { items: [], sheets: [] });
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['criterion_max']);
  });

  it('returns every sheet problem, each naming item, expert and criterion', () => {
    const s = scheme({ rubric, grading: triennialGrading });
    const r = gradeItems(s, {
      items: [{ id: 'P1' }],
      sheets: [
        { itemId: 'P1', expertId: 'E1', scores: { hw: 8.25, rd: 10, svc: 3 } },
        { itemId: 'P1', expertId: 'E2', scores: { hw: 8, rd: 30, svc: 3 } },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.itemId, p.expertId, p.criterionId])).toEqual([
      ['score_step', 'P1', 'E1', 'hw'],
      ['score_out_of_range', 'P1', 'E2', 'rd'],
    ]);
  });
});

// ---------- properties over random batches ----------

interface RawItem {
  group: string;
  vetoed: boolean;
  sheets: { hw: number; rd: number; svc: number; recused: boolean }[];
}

const rawItem: fc.Arbitrary<RawItem> = fc.record({
  group: fc.constantFrom('G1', 'G2', 'G3'),
  vetoed: fc.boolean(),
  sheets: fc.array(
    fc.record({
      hw: fc.integer({ min: 0, max: 20 }).map((x) => x / 2),
      rd: fc.integer({ min: 0, max: 200 }).map((x) => x / 10),
      svc: fc.integer({ min: 0, max: 50 }).map((x) => x / 10),
      recused: fc.boolean(),
    }),
    { maxLength: 7 },
  ),
});

function toInput(raw: RawItem[]): GradeInput {
  return {
    items: raw.map((r, i) => ({ id: `P${i}`, group: r.group, vetoed: r.vetoed })),
    sheets: raw.flatMap((r, i) =>
      r.sheets.map((s, e): SheetInput => ({
        itemId: `P${i}`,
        expertId: `E${e}`,
        scores: s.recused ? {} : { hw: s.hw, rd: s.rd, svc: s.svc },
        recused: s.recused,
      })),
    ),
  };
}

const schemes = fc.constantFrom(
  scheme({ rubric, grading: shanghaiGrading, aggregation: { method: 'trimmed', spreadLimit: 10 } }),
  scheme({ rubric, grading: triennialGrading, aggregation: { method: 'median', quorum: 2 } }),
  scheme({
    rubric,
    grading: { ...shanghaiGrading, bottom: { ...shanghaiGrading.bottom, ties: 'include', below: 20 } },
    aggregation: { method: 'mean', quorum: 1, decimals: 1 },
  }),
);

const batch = fc.array(rawItem, { maxLength: 25 });

describe('gradeItems: properties', () => {
  it('scores lie within the valid totals and the rubric bounds', () => {
    fc.assert(
      fc.property(batch, schemes, (raw, s) => {
        for (const r of graded(s, toInput(raw)).results) {
          if (r.score === null) continue;
          const totals = Object.values(r.totals);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(10 + 20 * 1.5 + 5 + 3);
          // rounding is monotone, so the rounded score lies between the rounded extremes
          const decimals = s.aggregation.decimals ?? 2;
          expect(r.score).toBeGreaterThanOrEqual(roundHalfUp(Math.min(...totals), decimals));
          expect(r.score).toBeLessThanOrEqual(roundHalfUp(Math.max(...totals), decimals));
        }
      }),
    );
  });

  it('is invariant under permutation of the sheets', () => {
    fc.assert(
      fc.property(batch, schemes, (raw, s) => {
        const input = toInput(raw);
        const reversed = { ...input, sheets: [...input.sheets].reverse() };
        const a = graded(s, input).results;
        const b = graded(s, reversed).results;
        // totals are keyed by expert; their key order may differ, their content may not
        expect(b).toEqual(a);
      }),
    );
  });

  it('adding a recused sheet changes nothing', () => {
    fc.assert(
      fc.property(batch, schemes, fc.nat(), (raw, s, pick) => {
        fc.pre(raw.length > 0);
        const input = toInput(raw);
        const itemId = `P${pick % raw.length}`;
        const withRecused: GradeInput = {
          ...input,
          sheets: [...input.sheets, { itemId, expertId: 'E-recused', scores: { hw: 99 }, recused: true }],
        };
        expect(graded(s, withRecused)).toEqual(graded(s, input));
      }),
    );
  });

  it('grading is idempotent: re-grading the item scores as single sheets gives the same grades', () => {
    fc.assert(
      fc.property(batch, schemes, (raw, s) => {
        const input = toInput(raw);
        const first = graded(s, input).results.filter((r) => r.score !== null);
        const again = graded(
          scheme({
            grading: s.grading,
            aggregation: { method: 'mean', quorum: 1, decimals: s.aggregation.decimals },
            rubric: { criteria: [{ id: 'total', name: '总分', max: 1000 }] },
          }),
          {
            items: first.map((r) => ({ id: r.itemId, group: r.group, vetoed: r.flags.includes('vetoed') })),
            sheets: first.map((r) => ({
              itemId: r.itemId,
              expertId: 'X',
              scores: { total: r.score as number },
            })),
          },
        ).results;
        expect(again.map((r) => [r.itemId, r.score, r.grade, r.rank])).toEqual(
          first.map((r) => [r.itemId, r.score, r.grade, r.rank]),
        );
      }),
    );
  });

  it('incomplete items have no score, grade or rank; graded ones have all three', () => {
    fc.assert(
      fc.property(batch, schemes, (raw, s) => {
        for (const r of graded(s, toInput(raw)).results) {
          if (r.status === 'incomplete') expect([r.score, r.grade, r.rank]).toEqual([null, null, null]);
          else expect([r.score, r.grade, r.rank].includes(null)).toBe(false);
          expect(r.experts).toBe(Object.keys(r.totals).length);
        }
      }),
    );
  });
});
