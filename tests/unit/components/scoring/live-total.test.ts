// The page's live total is the engine's sheetTotal: equal to it for every valid sheet, a running
// total while criteria are missing, and the engine's messages beside the criteria it names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveTotal, scoringRubric } from '#app/components/scoring/live-total';
import { sheetTotal } from '#scoring/sheet-total';
import type { Rubric } from '#scoring/types';

const rubric: Rubric = {
  criteria: [
    { id: 'a', name: '能力建设', max: 30, step: 0.5, weight: 1 },
    { id: 'b', name: '服务成效', max: 40, step: 1, weight: 1.5 },
    { id: 'c', name: '运行管理', max: 30, weight: 0.5 },
    { id: 'd', name: '加分项', max: 5, step: 1, required: false },
  ],
};

describe('liveTotal', () => {
  const r = scoringRubric(rubric);

  it('equals sheetTotal on any valid sheet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        (a2, b, c100, d) => {
          const scores: Record<string, number> = { a: a2 / 2, b, c: c100 / 100 };
          if (d !== undefined) scores.d = d;
          const expected = sheetTotal(rubric, { itemId: '', expertId: '', scores });
          expect(expected.ok).toBe(true);
          const live = liveTotal(r, scores);
          expect(live.total).toBe(expected.ok ? expected.value : NaN);
          expect(live.errors).toEqual({});
        },
      ),
    );
  });

  it('keeps a running total while required criteria are missing, and names them only on submit', () => {
    const typing = liveTotal(r, { a: 10, b: 20 });
    expect(typing.total).toBeNull();
    expect(typing.partial).toBe(10 + 20 * 1.5);
    expect(typing.filled).toBe(2);
    expect(typing.count).toBe(4);
    expect(typing.errors).toEqual({});
    const submitting = liveTotal(r, { a: 10, b: 20 }, true);
    expect(Object.keys(submitting.errors)).toEqual(['c']);
    expect(submitting.errors.c).toContain('缺少必填得分');
  });

  it('reports out-of-range and off-step values beside their criteria, in Chinese', () => {
    const live = liveTotal(r, { a: 10.25, b: 41, c: 3 });
    expect(live.total).toBeNull();
    expect(live.partial).toBeNull();
    expect(Object.keys(live.errors).sort()).toEqual(['a', 'b']);
    for (const message of Object.values(live.errors)) expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(live.errors.a).not.toContain('评审对象'); // the engine's "who" prefix is dropped
  });
});
