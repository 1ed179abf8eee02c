import { describe, expect, it } from 'vitest';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { eligibilityRuleSchema, gradeInputSchema } from '#scoring/schemas';
import { DEFAULTS, resolveAggregation } from '#scoring/defaults';
import { validateScheme } from '#scoring/validate-scheme';
import { scheme, shanghaiGrading } from './factories';

describe('gradeInputSchema via parseWithSchema', () => {
  it('accepts a case file and trims ids', () => {
    const r = parseWithSchema(gradeInputSchema, {
      items: [{ id: ' P01 ', group: '检验检测' }],
      sheets: [{ itemId: 'P01', expertId: 'E1', scores: { hw: 8 }, recused: false }],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        items: [{ id: 'P01', group: '检验检测' }],
        sheets: [{ itemId: 'P01', expertId: 'E1', scores: { hw: 8 }, recused: false }],
      },
    });
  });

  it('names the path of every shape problem, in Chinese', () => {
    const r = parseWithSchema(gradeInputSchema, {
      items: [{ id: '' }],
      sheets: [{ itemId: 'P01', expertId: 'E1', scores: { hw: '8' } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['invalid_shape', 'items[0].id'],
      ['invalid_shape', 'sheets[0].scores.hw'],
    ]);
    expect(r.problems[1].message).toMatch(/^sheets\[0\]\.scores\.hw：.*[\u4e00-\u9fff]/);
  });

  it('rejects a root that is not an object, with a message but no path', () => {
    const r = parseWithSchema(gradeInputSchema, 'nope', 'case_shape');
    expect(r.ok ? null : r.problems[0]).toMatchObject({ code: 'case_shape', path: undefined });
  });
});

describe('eligibilityRuleSchema', () => {
  it('accepts any-of rules and rejects unknown comparators', () => {
    const rule = {
      id: 'equipment',
      label: '设备原值或相关收入',
      anyOf: true,
      conditions: [
        {
          id: 'eq',
          label: '设备原值不低于1000万元',
          field: 'equipmentValue',
          op: '>=',
          value: 1000,
          unit: '万元',
        },
        {
          id: 'inc',
          label: '相关收入超过1000万元',
          field: 'relatedIncome',
          op: '>',
          value: 1000,
          unit: '万元',
        },
      ],
    };
    expect(eligibilityRuleSchema.safeParse(rule).success).toBe(true);
    const bad = { ...rule, conditions: [{ ...rule.conditions[0], op: '=>' }] };
    expect(eligibilityRuleSchema.safeParse(bad).success).toBe(false);
  });
});

describe('defaults', () => {
  it('resolves every aggregation default in one place', () => {
    expect(resolveAggregation({ method: 'trimmed' })).toEqual({
      method: 'trimmed',
      trim: 1,
      minForTrim: 5,
      quorum: 3,
      decimals: 2,
      spreadLimit: null,
    });
    expect(resolveAggregation({ method: 'mean', quorum: 1, spreadLimit: 20 })).toMatchObject({
      quorum: 1,
      spreadLimit: 20,
    });
    expect([DEFAULTS.weight, DEFAULTS.required]).toEqual([1, true]);
  });
});

describe('null for an optional field', () => {
  it('means "not set" in a scheme, as spreadLimit: null already does, and leaves no key behind', () => {
    const raw = {
      ...scheme({ grading: shanghaiGrading }),
      rubric: {
        criteria: [{ id: 'total', name: '总分', max: 100, weight: null, step: null, group: null }],
        vetoes: null,
      },
      aggregation: { method: 'mean', quorum: null, decimals: null, trim: null, spreadLimit: null },
      grading: {
        ...shanghaiGrading,
        top: shanghaiGrading.top.map((t) => ({ ...t, minScore: null })),
        bottom: { ...shanghaiGrading.bottom, below: null },
      },
    };
    const r = validateScheme(raw);
    expect(r.ok ? null : r.problems).toBeNull();
    if (!r.ok) return;
    expect(r.value.rubric).toEqual({ criteria: [{ id: 'total', name: '总分', max: 100 }] });
    expect(Object.keys(r.value.rubric.criteria[0])).toEqual(['id', 'name', 'max']);
    expect(r.value.aggregation.spreadLimit).toBeNull();
    if (r.value.grading.kind !== 'quota') throw new Error('quota grading expected');
    expect('minScore' in r.value.grading.top[0]).toBe(false);
    expect('below' in r.value.grading.bottom).toBe(false);
  });

  it('in thresholds, case files and eligibility rules too; a required field stays required', () => {
    const thresholds = validateScheme({
      ...scheme(),
      grading: {
        kind: 'thresholds',
        levels: [
          { grade: '合格', min: 60 },
          { grade: '不合格', min: null },
        ],
      },
    });
    expect(thresholds.ok).toBe(true);
    const input = parseWithSchema(gradeInputSchema, {
      items: [{ id: 'P01', name: null, group: null, vetoed: null }],
      sheets: [{ itemId: 'P01', expertId: 'E1', scores: { total: 8 }, recused: null }],
    });
    expect(input).toEqual({
      ok: true,
      value: {
        items: [{ id: 'P01' }],
        sheets: [{ itemId: 'P01', expertId: 'E1', scores: { total: 8 } }],
      },
    });
    const rule = eligibilityRuleSchema.safeParse({
      id: 'r',
      label: '规则',
      anyOf: null,
      source: null,
      conditions: [{ id: 'c', label: '条件', field: 'f', op: 'true', value: null, unit: null }],
    });
    expect(rule.success && rule.data).toEqual({
      id: 'r',
      label: '规则',
      conditions: [{ id: 'c', label: '条件', field: 'f', op: 'true' }],
    });
    expect(validateScheme({ ...scheme(), name: null }).ok).toBe(false);
    expect(
      validateScheme({
        ...scheme({ grading: shanghaiGrading }),
        grading: { ...shanghaiGrading, middle: null },
      }).ok,
    ).toBe(false);
  });
});
