import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sheetTotal } from '#scoring/sheet-total';
import type { Rubric, SheetInput } from '#scoring/types';
import { rubric } from './factories';

const sheet = (scores: Record<string, number>): SheetInput => ({ itemId: 'P01', expertId: 'E03', scores });

describe('sheetTotal', () => {
  it('is Σ score × weight, exactly (weight 1.5, steps 0.5 and 0.1)', () => {
    // 7.5 + 13.3 × 1.5 + 0.3 + 1.1 = 7.5 + 19.95 + 0.3 + 1.1 = 28.85
    expect(sheetTotal(rubric, sheet({ hw: 7.5, rd: 13.3, svc: 0.3, note: 1.1 }))).toEqual({
      ok: true,
      value: 28.85,
    });
  });

  it('treats a missing optional criterion as 0', () => {
    expect(sheetTotal(rubric, sheet({ hw: 10, rd: 20, svc: 5 }))).toEqual({ ok: true, value: 45 });
  });

  it('has no floating-point artefacts', () => {
    const tenths: Rubric = {
      criteria: [
        { id: 'a', name: 'A', max: 1 },
        { id: 'b', name: 'B', max: 1 },
      ],
    };
    expect(sheetTotal(tenths, sheet({ a: 0.1, b: 0.2 }))).toEqual({ ok: true, value: 0.3 });
    const weighted: Rubric = { criteria: [{ id: 'a', name: 'A', max: 10, weight: 1.1 }] };
    // 1.1 × 3 is 3.3000000000000003 in doubles
    expect(sheetTotal(weighted, sheet({ a: 3 }))).toEqual({ ok: true, value: 3.3 });
  });

  it('names item, expert and criterion for every invalid score', () => {
    const r = sheetTotal(rubric, sheet({ hw: 10.5, rd: 12, svc: 0.35, extra: 1 }));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          code: 'score_out_of_range',
          message: '评审对象 P01、专家 E03、指标 hw（硬件基础）：得分 10.5 超出范围 0～10',
          itemId: 'P01',
          expertId: 'E03',
          criterionId: 'hw',
        },
        {
          code: 'score_step',
          message: '评审对象 P01、专家 E03、指标 svc（企业服务）：得分 0.35 不是步长 0.1 的整数倍',
          itemId: 'P01',
          expertId: 'E03',
          criterionId: 'svc',
        },
        {
          code: 'criterion_unknown',
          message: '评审对象 P01、专家 E03：评分表中的指标 extra 不在评分细则中',
          itemId: 'P01',
          expertId: 'E03',
          criterionId: 'extra',
        },
      ],
    });
  });

  it('reports missing required scores, negatives and non-finite numbers', () => {
    const r = sheetTotal(rubric, sheet({ hw: -0.5, svc: Number.NaN }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.criterionId])).toEqual([
      ['score_out_of_range', 'hw'],
      ['score_missing', 'rd'],
      ['score_not_number', 'svc'],
    ]);
    expect(r.problems[1].message).toBe('评审对象 P01、专家 E03、指标 rd（研究能力）：缺少必填得分');
  });

  it('rejects a non-number that slipped past the type system', () => {
    const r = sheetTotal(rubric, sheet({ hw: '7' as unknown as number, rd: 1, svc: 1 }));
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['score_not_number']);
  });

  it('does not mistake inherited properties for scores (criterion id "constructor")', () => {
    const odd: Rubric = { criteria: [{ id: 'constructor', name: '构造', max: 10 }] };
    expect(sheetTotal(odd, sheet({})).ok ? 'ok' : 'missing').toBe('missing');
    expect(sheetTotal(odd, sheet({ constructor: 4 } as Record<string, number>))).toEqual({
      ok: true,
      value: 4,
    });
  });

  it('accepts the bounds themselves', () => {
    expect(sheetTotal(rubric, sheet({ hw: 0, rd: 0, svc: 0 }))).toEqual({ ok: true, value: 0 });
    expect(sheetTotal(rubric, sheet({ hw: 10, rd: 20, svc: 5, note: 3 }))).toEqual({ ok: true, value: 48 });
  });

  it('falls back to BigInt for long decimals and still totals exactly', () => {
    const fine: Rubric = {
      criteria: [
        { id: 'a', name: 'A', max: 100, weight: 1.123456789 },
        { id: 'b', name: 'B', max: 100, weight: 0.000001 },
      ],
    };
    // 12.3456789 × 1.123456789 = 13.869836185…, exact to 16 digits is not representable
    const r = sheetTotal(fine, sheet({ a: 12.3456789, b: 1 }));
    expect(r.ok ? 'ok' : r.problems[0].code).toBe('total_precision');
    expect(sheetTotal(fine, sheet({ a: 2, b: 3 }))).toEqual({ ok: true, value: 2.246916578 });
  });

  it('stays within [0, Σ max × weight] for any valid sheet (property)', () => {
    const upper = 10 + 20 * 1.5 + 5 + 3;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        (hw, rd, svc, note) => {
          const scores: Record<string, number> = { hw: hw / 2, rd: rd / 100, svc: svc / 10 };
          if (note !== undefined) scores.note = note / 100;
          const r = sheetTotal(rubric, sheet(scores));
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(upper);
          // exact: the total in thousandths matches integer arithmetic
          const thousandths = hw * 500 + rd * 15 + svc * 100 + (note ?? 0) * 10;
          expect(r.value).toBe(thousandths / 1000);
        },
      ),
    );
  });
});
