import { describe, expect, it } from 'vitest';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { eligibilityRuleSchema, gradeInputSchema } from '#scoring/schemas';
import { DEFAULTS, resolveAggregation } from '#scoring/defaults';

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
