import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findConflicts } from '#scoring/recusal';
import type { ExpertFacts, ItemFacts } from '#scoring/types';

const item: ItemFacts = {
  id: 'item-1',
  name: '四川省智能制造检验检测服务平台',
  platformId: 'plat-9',
  unit: {
    name: '四川省机械研究设计院（集团）有限公司',
    uscc: '91510000201813217F',
  },
  parent: {
    name: '四川省国有资产经营投资管理有限责任公司',
    uscc: '915100007672868490',
  },
};

const clean: ExpertFacts = {
  id: 'e1',
  name: '李明',
  organisation: { name: '电子科技大学', uscc: '12100000450716743C' },
  pastEmployers: [],
  relativesOrganisations: [],
  declaredConflicts: [],
};

describe('findConflicts', () => {
  it('finds nothing for an unrelated expert', () => {
    expect(findConflicts(clean, item, 2026)).toEqual([]);
  });

  it('recuses an expert employed by the unit, matched by USCC even when the name differs', () => {
    const expert = {
      ...clean,
      organisation: { name: '四川省机械院', uscc: '91510000201813217f' },
    };
    expect(findConflicts(expert, item, 2026)).toEqual([
      {
        code: 'current_employer',
        message: '专家现工作单位即申报单位「四川省机械研究设计院（集团）有限公司」',
      },
    ]);
  });

  it('matches names across full-width and half-width brackets and stray spaces', () => {
    const expert = {
      ...clean,
      organisation: { name: ' 四川省机械研究设计院(集团)有限公司' },
    };
    expect(findConflicts(expert, item, 2026).map((c) => c.code)).toEqual(['current_employer']);
  });

  it('recuses an expert employed by the unit’s parent', () => {
    const expert = {
      ...clean,
      organisation: { name: '四川省国有资产经营投资管理有限责任公司' },
    };
    const [conflict] = findConflicts(expert, item, 2026);
    expect(conflict.code).toBe('current_employer_parent');
    expect(conflict.message).toContain('上级单位「四川省国有资产经营投资管理有限责任公司」');
  });

  it('counts a past employer left within the last three years, not earlier', () => {
    const left = (untilYear: number): ExpertFacts => ({
      ...clean,
      pastEmployers: [{ organisation: { name: item.unit.name }, untilYear }],
    });
    expect(findConflicts(left(2023), item, 2026)).toEqual([
      {
        code: 'past_employer',
        message: '专家近3年内（至2023年）曾任职于申报单位「四川省机械研究设计院（集团）有限公司」',
      },
    ]);
    expect(findConflicts(left(2022), item, 2026)).toEqual([]);
  });

  it('counts a relative at the unit or at its parent', () => {
    const expert = {
      ...clean,
      relativesOrganisations: [{ name: '无关单位' }, { name: 'x', uscc: '915100007672868490' }],
    };
    expect(findConflicts(expert, item, 2026).map((c) => c.code)).toEqual(['relative']);
  });

  it('honours declared conflicts by organisation, item and platform, with the note', () => {
    const expert: ExpertFacts = {
      ...clean,
      declaredConflicts: [
        {
          kind: 'organisation',
          organisation: { name: '', uscc: '91510000201813217F' },
          note: '曾承担其委托项目',
        },
        { kind: 'item', itemId: 'item-1' },
        { kind: 'platform', platformId: 'plat-9', note: '  ' },
        { kind: 'item', itemId: 'item-2' },
      ],
    };
    expect(findConflicts(expert, item, 2026)).toEqual([
      {
        code: 'declared_organisation',
        message: '专家申报与申报单位「四川省机械研究设计院（集团）有限公司」存在利益关系（曾承担其委托项目）',
      },
      {
        code: 'declared_item',
        message: '专家申报与评审对象「四川省智能制造检验检测服务平台」存在利益关系',
      },
      {
        code: 'declared_platform',
        message: '专家申报与平台「四川省智能制造检验检测服务平台」存在利益关系',
      },
    ]);
  });

  it('never matches on empty names or missing USCCs', () => {
    const bare: ItemFacts = { id: 'i', unit: { name: '' }, parent: null };
    const expert = {
      ...clean,
      organisation: { name: '', uscc: null },
      relativesOrganisations: [{ name: '  ' }],
    };
    expect(findConflicts(expert, bare, 2026)).toEqual([]);
  });

  it('reports each reason once', () => {
    const expert: ExpertFacts = {
      ...clean,
      pastEmployers: [
        { organisation: { name: item.unit.name }, untilYear: 2025 },
        { organisation: { name: item.unit.name }, untilYear: 2025 },
      ],
    };
    expect(findConflicts(expert, item, 2026)).toHaveLength(1);
  });

  it('rejects a non-integer year as a programmer error', () => {
    expect(() => findConflicts(clean, item, 2026.5)).toThrow(TypeError);
  });

  it('property: a conflict appears exactly when some fact names the unit or its parent', () => {
    const orgs = [item.unit, item.parent!, { name: '电子科技大学' }, { name: '西南交通大学' }];
    const org = fc.constantFrom(...orgs);
    const related = (o: { name: string }) => o.name === item.unit.name || o.name === item.parent!.name;
    fc.assert(
      fc.property(
        fc.option(org, { nil: null }),
        fc.array(
          fc.record({
            organisation: org,
            untilYear: fc.integer({ min: 2015, max: 2026 }),
          }),
          { maxLength: 3 },
        ),
        fc.array(org, { maxLength: 3 }),
        (organisation, pastEmployers, relativesOrganisations) => {
          const expert: ExpertFacts = {
            ...clean,
            organisation,
            pastEmployers,
            relativesOrganisations,
            declaredConflicts: [],
          };
          const expected =
            (organisation !== null && related(organisation)) ||
            pastEmployers.some((p) => p.untilYear >= 2023 && related(p.organisation)) ||
            relativesOrganisations.some(related);
          expect(findConflicts(expert, item, 2026).length > 0).toBe(expected);
        },
      ),
    );
  });
});
