// The eligibility rules of the presets, condition by condition, against the wording of the documents:
// 工信部科〔2025〕261号 第六条, 川经信规〔2025〕9号 第六条, 沪科规〔2022〕2号 第七条. "不低于 / 不少于 /
// 以上 / 至少" are ≥, "超过" is >. Each row quotes the clause it pins, and each threshold is then tried at,
// just below and just above the line through checkEligibility.
import { describe, expect, it } from 'vitest';
import { checkEligibility } from '#scoring/check-eligibility';
import type { ApplicationData, EligibilityRule } from '#scoring/types';
import { miitEligibility, sichuanEligibility, shanghaiEligibility } from '#seeds/presets/eligibility';
import { getPreset } from '#seeds/presets/index';

type Row = [
  ruleId: string,
  conditionId: string,
  field: string,
  op: string,
  value: number | boolean,
  unit?: string,
];

// 第六条（二）60%以上业务；（四）不少于1年、至少3项；（五）人员；（六）设备或收入；（七）近3年项目；第五条、第二十条.
function national(staff: number, senior: number, qualified: number, money: number): Row[] {
  return [
    ['legal-person', 'legal-person', 'independentLegalPerson', 'true', true],
    ['business-share', 'business-share', 'businessShare', '>=', 60, '%'],
    ['service-record', 'service-years', 'serviceYears', '>=', 1, '年'],
    ['service-record', 'influential-cases', 'influentialCases', '>=', 3, '项'],
    ['staff', 'staff-total', 'staffTotal', '>=', staff, '人'],
    ['staff', 'senior-staff-ratio', 'seniorStaffRatio', '>=', senior, '%'],
    ['staff', 'qualified-staff-ratio', 'qualifiedStaffRatio', '>=', qualified, '%'],
    ['equipment-or-income', 'equipment-value', 'equipmentValue', '>=', money, '万元'],
    ['equipment-or-income', 'related-income', 'relatedIncome', '>', money, '万元'],
    ['projects', 'national-projects', 'nationalProjects3y', '>=', 1, '项'],
    ['service-fields', 'fields-min', 'serviceFieldsCount', '>=', 1, '个'],
    ['service-fields', 'fields-max', 'serviceFieldsCount', '<=', 3, '个'],
    ['service-fields', 'scopes-min', 'serviceScopesCount', '>=', 1, '个'],
    ['not-branch', 'not-branch', 'isBranch', '==', false],
  ];
}

const EXPECTED: Record<'miit' | 'sichuan' | 'shanghai', Row[]> = {
  // 从业人员不少于50人，硕士或中级职称以上不低于50%，60%以上具有从业资质和科研成果；原值不低于1000万元或年相关服务收入超过1000万元
  miit: national(50, 50, 60, 1000),
  // 从业人员不少于20人，不低于40%，50%以上；原值不低于400万元或年相关服务收入超过400万元
  sichuan: national(20, 40, 50, 400),
  // 第七条（一）—（四）
  shanghai: [
    ['registered-in-shanghai', 'registered-in-shanghai', 'registeredInShanghai', 'true', true],
    ['service-reach', 'client-units', 'clientUnits', '>=', 50, '家'], // 不少于50家
    ['service-reach', 'local-industry-share', 'localIndustryShare', '>=', 50, '%'], // 不低于…50%
    ['service-reach', 'service-income', 'serviceIncome', '>=', 500, '万元'], // 不低于500万元
    ['resources', 'instrument-value', 'instrumentValue', '>=', 500, '万元'], // 不低于500万元
    ['resources', 'floor-area', 'floorArea', '>=', 150, '平方米'], // 150平米以上
    ['staff', 'fixed-staff', 'fixedStaff', '>=', 15, '人'], // 不少于15人
    ['staff', 'titled-staff-ratio', 'titledStaffRatio', '>=', 30, '%'], // 不低于30%
  ],
};

const RULES: Record<keyof typeof EXPECTED, EligibilityRule[]> = {
  miit: miitEligibility,
  sichuan: sichuanEligibility,
  shanghai: shanghaiEligibility,
};

function rows(rules: EligibilityRule[]): Row[] {
  return rules.flatMap((r) =>
    r.conditions.map((c): Row => {
      const row: Row = [r.id, c.id, c.field, c.op, c.value ?? true];
      if (c.unit !== undefined) row.push(c.unit);
      return row;
    }),
  );
}

// Data that passes every rule of a jurisdiction comfortably.
function passing(j: keyof typeof EXPECTED): ApplicationData {
  const data: ApplicationData = {};
  for (const [, , field, op, value] of EXPECTED[j]) {
    if (typeof value === 'boolean') data[field] = op === '==' ? value : true;
    else if (op === '<=') data[field] = Math.min(Number(data[field] ?? value), value);
    else data[field] = Math.max(Number(data[field] ?? 0), value + 10);
  }
  return data;
}

describe('eligibility presets follow the documents', () => {
  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])(
    '%s: every condition, operator, threshold and unit',
    (j) => {
      expect(rows(RULES[j])).toEqual(EXPECTED[j]);
    },
  );

  it('any-of groups are exactly 设备或收入 (national) and 服务单位/占比/收入 (Shanghai)', () => {
    for (const rules of [miitEligibility, sichuanEligibility]) {
      expect(rules.filter((r) => r.anyOf).map((r) => r.id)).toEqual(['equipment-or-income']);
    }
    expect(shanghaiEligibility.filter((r) => r.anyOf).map((r) => r.id)).toEqual(['service-reach']);
  });

  it.each([
    ['miit-2025-recognition', 'miit'],
    ['miit-2025-annual', 'miit'],
    ['miit-2025-triennial', 'miit'],
    ['sichuan-2025-recognition', 'sichuan'],
    ['sichuan-2025-annual', 'sichuan'],
    ['sichuan-2025-triennial', 'sichuan'],
    ['shanghai-2022-performance', 'shanghai'],
  ] as const)('%s carries the rules of its own jurisdiction', (id, j) => {
    expect(getPreset(id)?.eligibility).toBe(RULES[j]);
  });

  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])(
    '%s: the line itself, one below and one above',
    (j) => {
      const base = passing(j);
      expect(checkEligibility(RULES[j], base).overall).toBe('eligible');
      for (const [ruleId, conditionId, field, op, value] of EXPECTED[j]) {
        if (typeof value === 'boolean') continue;
        const outcome = (v: number) => {
          const rule = checkEligibility(RULES[j], { ...base, [field]: v }).rules.find((r) => r.id === ruleId);
          return rule?.conditions.find((c) => c.id === conditionId)?.outcome;
        };
        const at = op === '>' ? 'fail' : 'pass';
        expect([outcome(value - 1), outcome(value), outcome(value + 1)], `${j} ${conditionId}`).toEqual(
          op === '<=' ? ['pass', 'pass', 'fail'] : ['fail', at, 'pass'],
        );
      }
    },
  );

  it('MIIT 第六条（六）: exactly 1000万元 of income is not enough for MIIT, 1000万元 of equipment is', () => {
    const base = passing('miit');
    const only = (equipmentValue: number, relatedIncome: number) =>
      checkEligibility(miitEligibility, { ...base, equipmentValue, relatedIncome }).rules.find(
        (r) => r.id === 'equipment-or-income',
      )?.outcome;
    expect(only(1000, 0)).toBe('pass'); // 原值不低于1000万元
    expect(only(999, 1000)).toBe('fail'); // 年相关服务收入超过1000万元
    expect(only(999, 1000.01)).toBe('pass');
  });

  it('labels shown to users quote the documents', () => {
    const label = (rules: EligibilityRule[], id: string) => rules.find((r) => r.id === id)?.label;
    expect(label(miitEligibility, 'staff')).toBe(
      '从业人员不少于50人，其中硕士或中级职称以上专业人员比例不低于50%，60%以上的人员具有从业资质和科研成果',
    );
    expect(label(sichuanEligibility, 'staff')).toBe(
      '从业人员不少于20人，其中硕士或中级职称以上专业人员比例不低于40%，50%以上的人员具有从业资质和科研成果',
    );
    expect(label(miitEligibility, 'equipment-or-income')).toBe(
      '技术服务仪器设备（含软件）原值不低于1000万元或年相关服务收入超过1000万元',
    );
    expect(label(sichuanEligibility, 'equipment-or-income')).toBe(
      '技术服务仪器设备（含软件）原值不低于400万元或年相关服务收入超过400万元',
    );
    expect(label(miitEligibility, 'business-share')).toBe(
      '主要从事产业技术基础服务（60%以上业务与产业技术基础服务相关）',
    );
  });

  it('the cap of three service fields is cited to the Sichuan form, which is where it is written', () => {
    for (const rules of [miitEligibility, sichuanEligibility]) {
      expect(rules.find((r) => r.id === 'service-fields')?.source).toContain('川经信规〔2025〕9号 附件1');
    }
    expect(miitEligibility.find((r) => r.id === 'service-fields')?.source).not.toContain(
      '261号 第五条；申报书',
    );
  });
});
