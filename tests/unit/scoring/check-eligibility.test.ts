import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEligibility, unreadableFields } from '#scoring/check-eligibility';
import type { ApplicationData, EligibilityRule } from '#scoring/types';
import { miitEligibility, shanghaiEligibility, sichuanEligibility } from '#seeds/presets/eligibility';

// A unit that meets every MIIT condition with a little to spare.
const strongUnit: ApplicationData = {
  independentLegalPerson: true,
  isBranch: false,
  businessShare: 72,
  serviceYears: 6,
  influentialCases: 5,
  staffTotal: 120,
  seniorStaffRatio: 58,
  qualifiedStaffRatio: 66,
  equipmentValue: 3200,
  relatedIncome: 2400,
  nationalProjects3y: 4,
  serviceFieldsCount: 2,
  serviceScopesCount: 3,
};

function rule(result: ReturnType<typeof checkEligibility>, id: string) {
  const found = result.rules.find((r) => r.id === id);
  if (!found) throw new Error(`rule ${id} not in result`);
  return found;
}

describe('checkEligibility — MIIT 第六条', () => {
  it('a unit meeting every condition is eligible', () => {
    const r = checkEligibility(miitEligibility, strongUnit);
    expect(r.overall).toBe('eligible');
    expect(r.rules.every((x) => x.outcome === 'pass')).toBe(true);
  });

  it('49 staff fails 第六条（五） and reports value and threshold', () => {
    const r = checkEligibility(miitEligibility, {
      ...strongUnit,
      staffTotal: 49,
    });
    expect(r.overall).toBe('ineligible');
    const staff = rule(r, 'staff');
    expect(staff.outcome).toBe('fail');
    expect(staff.source).toBe('工信部科〔2025〕261号 第六条（五）');
    expect(staff.conditions[0]).toEqual({
      id: 'staff-total',
      label: '从业人员不少于50人',
      outcome: 'fail',
      value: 49,
      threshold: 50,
      op: '>=',
      unit: '人',
    });
  });

  it('thresholds at the boundary: 不低于/以上 include it, 超过 excludes it', () => {
    const atBoundary = {
      ...strongUnit,
      staffTotal: 50,
      seniorStaffRatio: 50,
      qualifiedStaffRatio: 60,
      businessShare: 60,
    };
    expect(checkEligibility(miitEligibility, atBoundary).overall).toBe('eligible');

    // equipment exactly 1000万元 passes (不低于); income exactly 1000万元 does not (超过)
    const equipmentOnly = {
      ...strongUnit,
      equipmentValue: 1000,
      relatedIncome: 1000,
    };
    const r1 = rule(checkEligibility(miitEligibility, equipmentOnly), 'equipment-or-income');
    expect(r1.outcome).toBe('pass');
    expect(r1.conditions.map((c) => c.outcome)).toEqual(['pass', 'fail']);

    const neither = {
      ...strongUnit,
      equipmentValue: 999.99,
      relatedIncome: 1000,
    };
    expect(rule(checkEligibility(miitEligibility, neither), 'equipment-or-income').outcome).toBe('fail');
  });

  it('any-of: one condition passing is enough even when the other is missing', () => {
    const { relatedIncome: _omit, ...rest } = strongUnit;
    const r = checkEligibility(miitEligibility, rest);
    expect(rule(r, 'equipment-or-income').outcome).toBe('pass');
    expect(r.overall).toBe('eligible');
  });

  it('any-of: a failing condition and a missing one is missing, not fail', () => {
    const { relatedIncome: _omit, ...rest } = strongUnit;
    const r = checkEligibility(miitEligibility, {
      ...rest,
      equipmentValue: 300,
    });
    expect(rule(r, 'equipment-or-income').outcome).toBe('missing');
    expect(r.overall).toBe('incomplete');
  });

  it('missing data makes the application incomplete; a failure elsewhere still makes it ineligible', () => {
    const { nationalProjects3y: _omit, ...rest } = strongUnit;
    const incomplete = checkEligibility(miitEligibility, rest);
    expect(incomplete.overall).toBe('incomplete');
    expect(rule(incomplete, 'projects').conditions[0]).toMatchObject({
      outcome: 'missing',
      value: null,
      threshold: 1,
    });

    const both = checkEligibility(miitEligibility, {
      ...rest,
      independentLegalPerson: false,
    });
    expect(both.overall).toBe('ineligible');
  });

  it('more than three service fields fails; a branch of a recognised platform fails', () => {
    expect(
      rule(
        checkEligibility(miitEligibility, {
          ...strongUnit,
          serviceFieldsCount: 4,
        }),
        'service-fields',
      ).outcome,
    ).toBe('fail');
    expect(
      rule(checkEligibility(miitEligibility, { ...strongUnit, isBranch: true }), 'not-branch').outcome,
    ).toBe('fail');
  });
});

describe('checkEligibility — jurisdictions differ only in thresholds', () => {
  const provincial: ApplicationData = {
    ...strongUnit,
    staffTotal: 25,
    seniorStaffRatio: 42,
    qualifiedStaffRatio: 52,
    equipmentValue: 450,
    relatedIncome: 300,
  };

  it('a provincial-sized unit is eligible in Sichuan and not nationally', () => {
    expect(checkEligibility(sichuanEligibility, provincial).overall).toBe('eligible');
    const national = checkEligibility(miitEligibility, provincial);
    expect(national.overall).toBe('ineligible');
    expect(national.rules.filter((r) => r.outcome === 'fail').map((r) => r.id)).toEqual([
      'staff',
      'equipment-or-income',
    ]);
  });

  it('Shanghai: 50 clients or 50% of the local industry or 500万元 income', () => {
    const base: ApplicationData = {
      registeredInShanghai: true,
      clientUnits: 12,
      localIndustryShare: 8,
      serviceIncome: 520,
      instrumentValue: 800,
      floorArea: 150,
      fixedStaff: 15,
      titledStaffRatio: 30,
    };
    expect(checkEligibility(shanghaiEligibility, base).overall).toBe('eligible');
    expect(checkEligibility(shanghaiEligibility, { ...base, serviceIncome: 499 }).overall).toBe('ineligible');
    expect(
      checkEligibility(shanghaiEligibility, {
        ...base,
        serviceIncome: 499,
        clientUnits: 50,
      }).overall,
    ).toBe('eligible');
    expect(checkEligibility(shanghaiEligibility, { ...base, floorArea: 149.5 }).overall).toBe('ineligible');
  });
});

describe('checkEligibility — reading imported values', () => {
  const rules: EligibilityRule[] = [
    {
      id: 'r',
      label: '测试',
      conditions: [
        { id: 'flag', label: '是', field: 'flag', op: 'true' },
        { id: 'n', label: '≥ 50', field: 'n', op: '>=', value: 50, unit: '%' },
      ],
    },
  ];

  it('accepts 是/否 and numeric text such as "55%" or "1,200"', () => {
    expect(checkEligibility(rules, { flag: '是', n: '55%' }).overall).toBe('eligible');
    expect(checkEligibility(rules, { flag: '否', n: '1,200' }).overall).toBe('ineligible');
  });

  it('treats blanks, null, NaN and unreadable text as missing', () => {
    for (const n of [undefined, null, '', '  ', Number.NaN, '五十', '50人']) {
      const r = checkEligibility(rules, { flag: true, n });
      expect(r.overall).toBe('incomplete');
      expect(r.rules[0].conditions[1]).toMatchObject({
        outcome: 'missing',
        value: null,
      });
    }
  });

  it('never reads inherited keys such as constructor or __proto__', () => {
    const hostile: EligibilityRule[] = [
      {
        id: 'h',
        label: 'h',
        conditions: [{ id: 'c', label: 'c', field: 'constructor', op: 'true' }],
      },
    ];
    expect(checkEligibility(hostile, {}).overall).toBe('incomplete');
    const proto: EligibilityRule[] = [
      {
        id: 'p',
        label: 'p',
        conditions: [{ id: 'c', label: 'c', field: '__proto__', op: '>=', value: 0 }],
      },
    ];
    expect(checkEligibility(proto, JSON.parse('{"__proto__": 5}') as ApplicationData).overall).toBe(
      'eligible',
    );
    expect(checkEligibility(proto, {}).overall).toBe('incomplete');
  });

  it('treats a misconfigured rule as a programmer error', () => {
    expect(() =>
      checkEligibility(
        [
          {
            id: 'x',
            label: 'x',
            conditions: [{ id: 'c', label: 'c', field: 'n', op: '>=' }],
          },
        ],
        { n: 1 },
      ),
    ).toThrow('缺少数值阈值');
    expect(() => checkEligibility([{ id: 'x', label: 'x', conditions: [] }], {})).toThrow('没有任何条件');
  });

  it('no rules at all: eligible', () => {
    expect(checkEligibility([], {})).toEqual({
      overall: 'eligible',
      rules: [],
    });
  });
});

describe('checkEligibility — properties', () => {
  const value = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 5000 }), fc.boolean());
  const data = fc.dictionary(
    fc.constantFrom(
      'independentLegalPerson',
      'isBranch',
      'businessShare',
      'serviceYears',
      'influentialCases',
      'staffTotal',
      'seniorStaffRatio',
      'qualifiedStaffRatio',
      'equipmentValue',
      'relatedIncome',
      'nationalProjects3y',
      'serviceFieldsCount',
      'serviceScopesCount',
    ),
    value,
  );

  it('overall is ineligible iff a rule fails, incomplete iff none fails and one is missing', () => {
    fc.assert(
      fc.property(data, (d) => {
        const r = checkEligibility(miitEligibility, d);
        const outcomes = r.rules.map((x) => x.outcome);
        const expected = outcomes.includes('fail')
          ? 'ineligible'
          : outcomes.includes('missing')
            ? 'incomplete'
            : 'eligible';
        expect(r.overall).toBe(expected);
      }),
    );
  });

  it('filling in a missing field never turns a failure into a pass', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 5000 }), (d, extra) => {
        const before = checkEligibility(miitEligibility, d);
        const filled = { ...d, staffTotal: d.staffTotal ?? extra };
        const after = checkEligibility(miitEligibility, filled);
        before.rules.forEach((rb, i) => {
          if (rb.outcome !== 'missing') expect(after.rules[i].outcome).toBe(rb.outcome);
        });
      }),
    );
  });

  it('raising every number only helps (monotone in ≥ conditions)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, b) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const r = (n: number) =>
          checkEligibility(sichuanEligibility, {
            ...strongUnit,
            staffTotal: n,
          }).overall;
        if (r(lo) === 'eligible') expect(r(hi)).toBe('eligible');
      }),
    );
  });
});

describe('unreadableFields', () => {
  const rules: EligibilityRule[] = [
    {
      id: 'r',
      label: 'r',
      conditions: [
        { id: 'a', label: 'a', field: 'staff', op: '>=', value: 15 },
        { id: 'b', label: 'b', field: 'staff', op: '<=', value: 500 },
        { id: 'c', label: 'c', field: 'local', op: 'true' },
        { id: 'd', label: 'd', field: 'branch', op: '==', value: false },
      ],
    },
  ];
  it('names each present value the rules cannot read, once per field, and nothing that is absent', () => {
    expect(unreadableFields(rules, { staff: '十五', local: 'maybe', branch: '否' })).toEqual([
      { field: 'staff', value: '十五', kind: 'number' },
      { field: 'local', value: 'maybe', kind: 'boolean' },
    ]);
    expect(unreadableFields(rules, { staff: '1,500', local: '是', branch: null })).toEqual([]);
    expect(unreadableFields(rules, { staff: '  ', local: 1, branch: 0 })).toEqual([]);
    expect(unreadableFields(rules, { staff: 20, local: true, branch: 2 })).toEqual([
      { field: 'branch', value: 2, kind: 'boolean' },
    ]);
  });

  it('reads 1 and 0 typed as numbers (a spreadsheet cell) as 是 and 否', () => {
    const result = checkEligibility(rules, { staff: 20, local: 1, branch: 0 });
    expect(result.overall).toBe('eligible');
  });
});
