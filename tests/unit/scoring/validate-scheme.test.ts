import { describe, expect, it } from 'vitest';
import { validateScheme } from '#scoring/validate-scheme';
import type { Problem, Scheme } from '#scoring/types';
import { rubric, scheme, shanghaiGrading } from './factories';

function problemsOf(raw: unknown): Problem[] {
  const r = validateScheme(raw);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

const valid: Scheme = scheme({ rubric, grading: shanghaiGrading });

describe('validateScheme: accepts', () => {
  it('a well-formed thresholds scheme and a quota scheme', () => {
    expect(validateScheme(scheme())).toEqual({ ok: true, value: scheme() });
    expect(validateScheme(valid)).toEqual({ ok: true, value: valid });
  });

  it('decimal steps that divide the max exactly (0.1 into 5, 0.5 into 10, 0.3 into 0.9)', () => {
    const s = scheme({
      rubric: {
        criteria: [
          { id: 'a', name: 'A', max: 5, step: 0.1 },
          { id: 'b', name: 'B', max: 10, step: 0.5 },
          { id: 'c', name: 'C', max: 0.9, step: 0.3 },
        ],
      },
    });
    expect(validateScheme(s).ok).toBe(true);
  });
});

describe('validateScheme: shape (zod, Chinese messages)', () => {
  it('reports a misspelt key with its path', () => {
    const raw = { ...scheme(), rubric: { criteria: [{ id: 'a', name: 'A', max: 10, weigth: 2 }] } };
    const [p] = problemsOf(raw);
    expect(p.code).toBe('scheme_shape');
    expect(p.path).toBe('rubric.criteria[0]');
    expect(p.message).toContain('weigth');
  });

  it('reports wrong types and missing fields in Chinese', () => {
    const problems = problemsOf({ id: 'x', rubric: { criteria: [{ id: 'a', name: 'A', max: '10' }] } });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'rubric.criteria[0].max', 'aggregation', 'grading']),
    );
    expect(problems.every((p) => /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
  });

  it('rejects non-objects and unknown grading kinds', () => {
    expect(problemsOf(null)[0].code).toBe('scheme_shape');
    expect(problemsOf({ ...scheme(), grading: { kind: 'curve' } })[0].path).toBe('grading.kind');
  });
});

describe('validateScheme: rubric', () => {
  it('needs at least one criterion', () => {
    expect(problemsOf(scheme({ rubric: { criteria: [] } }))[0]).toMatchObject({
      code: 'criteria_empty',
      message: '评分细则至少需要一个指标',
    });
  });

  it('names duplicate criterion ids', () => {
    const s = scheme({
      rubric: {
        criteria: [
          { id: 'a', name: 'A', max: 10 },
          { id: 'a', name: 'B', max: 10 },
        ],
      },
    });
    expect(problemsOf(s)).toEqual([
      {
        code: 'criterion_duplicate',
        message: '指标 a（B）：指标编号 a 重复',
        criterionId: 'a',
        path: 'rubric.criteria[1].id',
      },
    ]);
  });

  it('checks max, weight and step', () => {
    const s = scheme({
      rubric: {
        criteria: [
          { id: 'zero', name: '零分值', max: 0 },
          { id: 'w', name: '负权重', max: 10, weight: -1 },
          { id: 'w0', name: '零权重', max: 10, weight: 0 },
          { id: 's0', name: '零步长', max: 10, step: 0 },
          { id: 's3', name: '步长不整除', max: 10, step: 0.3 },
          { id: 's4', name: '步长过大', max: 5, step: 10 },
        ],
      },
    });
    const problems = problemsOf(s);
    expect(problems.map((p) => [p.code, p.criterionId])).toEqual([
      ['criterion_max', 'zero'],
      ['criterion_weight', 'w'],
      ['criterion_weight', 'w0'],
      ['criterion_step', 's0'],
      ['criterion_step', 's3'],
      ['criterion_step', 's4'],
    ]);
    expect(problems[4].message).toBe('指标 s3（步长不整除）：满分 10 不是步长 0.3 的整数倍');
  });

  it('names duplicate veto items', () => {
    const s = scheme({
      rubric: {
        criteria: [{ id: 'a', name: 'A', max: 10 }],
        vetoes: [
          { id: 'fraud', name: '弄虚作假' },
          { id: 'fraud', name: '重大事故' },
        ],
      },
    });
    expect(problemsOf(s)[0]).toMatchObject({ code: 'veto_duplicate', path: 'rubric.vetoes[1].id' });
  });
});

describe('validateScheme: aggregation', () => {
  it('rejects negative or zero counts and out-of-range decimals', () => {
    const s = scheme({
      aggregation: { method: 'mean', trim: -1, minForTrim: 0, quorum: 0, decimals: 7, spreadLimit: -5 },
    });
    expect(problemsOf(s).map((p) => p.path)).toEqual([
      'aggregation.trim',
      'aggregation.minForTrim',
      'aggregation.quorum',
      'aggregation.decimals',
      'aggregation.spreadLimit',
    ]);
  });

  it('rejects a trimmed mean that could trim every sheet', () => {
    const [p] = problemsOf(scheme({ aggregation: { method: 'trimmed', trim: 2, minForTrim: 4 } }));
    expect(p).toMatchObject({ code: 'aggregation_invalid', path: 'aggregation.minForTrim' });
    expect(validateScheme(scheme({ aggregation: { method: 'trimmed', trim: 2, minForTrim: 5 } })).ok).toBe(
      true,
    );
    expect(validateScheme(scheme({ aggregation: { method: 'trimmed' } })).ok).toBe(true);
  });

  it('rejects fractional counts (shape)', () => {
    expect(problemsOf(scheme({ aggregation: { method: 'mean', quorum: 2.5 } }))[0].path).toBe(
      'aggregation.quorum',
    );
  });
});

describe('validateScheme: thresholds', () => {
  const levels = (l: { grade: string; min?: number }[]) =>
    scheme({ grading: { kind: 'thresholds', levels: l } });

  it('needs levels in descending order with only the last one open', () => {
    expect(problemsOf(levels([]))[0].message).toBe('分档规则：至少需要一个等级');
    expect(
      problemsOf(
        levels([
          { grade: '合格', min: 60 },
          { grade: '不合格', min: 0 },
        ]),
      )[0].path,
    ).toBe('grading.levels[1].min');
    expect(problemsOf(levels([{ grade: '优秀' }, { grade: '不合格' }]))[0].path).toBe(
      'grading.levels[0].min',
    );
    expect(
      problemsOf(levels([{ grade: '合格', min: 60 }, { grade: '优秀', min: 85 }, { grade: '不合格' }]))[0]
        .message,
    ).toBe('分档规则：等级“优秀”的最低分 85 应低于上一等级的 60（按从高到低排列）');
    expect(
      problemsOf(levels([{ grade: '合格', min: 60 }, { grade: '合格', min: 50 }, { grade: 'x' }]))[0].path,
    ).toBe('grading.levels[1].grade');
  });
});

describe('validateScheme: quota', () => {
  const quota = (patch: object) => scheme({ grading: { ...shanghaiGrading, ...patch } });

  it('checks shares in [0, 1] and non-decreasing cumulative shares', () => {
    const problems = problemsOf(
      quota({
        top: [
          { grade: '优秀', cumulativeShare: 0.3, rounding: 'floor' },
          { grade: '良好', cumulativeShare: 0.1, rounding: 'floor' },
        ],
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['grading.top[1].cumulativeShare']);
    expect(problems[0].message).toContain('累计比例不能递减');
    expect(
      problemsOf(quota({ top: [{ grade: '优秀', cumulativeShare: 1.5, rounding: 'floor' }] }))[0].path,
    ).toBe('grading.top[0].cumulativeShare');
    expect(
      problemsOf(quota({ bottom: { ...shanghaiGrading.bottom, share: -0.1 } })).map((p) => p.path),
    ).toEqual(['grading.bottom.share']);
  });

  it('rejects top and bottom shares adding up to more than 1, exactly', () => {
    expect(problemsOf(quota({ bottom: { ...shanghaiGrading.bottom, share: 0.71 } }))[0].message).toBe(
      '分档比例：前段累计比例 0.3 与末段比例 0.71 之和超过 1',
    );
    // 0.3 + 0.7 is 0.9999999999999999 in doubles and exactly 1: allowed
    expect(validateScheme(quota({ bottom: { ...shanghaiGrading.bottom, share: 0.7 } })).ok).toBe(true);
  });

  it('needs distinct grade names across bands', () => {
    expect(problemsOf(quota({ middle: '良好' }))[0]).toMatchObject({
      code: 'quota_invalid',
      path: 'grading.middle',
    });
  });

  it('accepts a scheme with no top bands', () => {
    expect(validateScheme(quota({ top: [] })).ok).toBe(true);
  });
});
