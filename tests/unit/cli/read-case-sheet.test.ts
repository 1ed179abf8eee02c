import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFromTable } from '#cli/read-case-sheet';
import type { Table } from '#cli/read-table';
import type { Criterion, GradeInput } from '#scoring/types';
import {
  LONG_HEADERS_EN,
  LONG_HEADERS_ZH,
  longRows,
  type Row,
  wideRows,
} from '#tests/fixtures/cli/case-files';

const criteria: Criterion[] = [
  { id: 'hw', name: '硬件基础', max: 10, step: 0.5 },
  { id: 'svc', name: '企业服务', max: 15, step: 0.5 },
  { id: 'pol', name: '政策咨询', max: 5, step: 0.5, required: false },
];

function table(rows: Row[]): Table {
  return {
    sheet: '评分',
    header: rows[0],
    headerRow: 1,
    rows: rows.slice(1).map((cells, i) => ({ row: i + 2, cells })),
  };
}

function problemsOf(rows: Row[]) {
  const result = caseFromTable(table(rows), criteria);
  return result.ok ? [] : result.problems;
}

// What a spreadsheet can say: absent booleans read back as false, absent names as no name.
function normalise(input: GradeInput): GradeInput {
  return {
    items: input.items.map((i) => ({
      id: i.id,
      ...(i.name ? { name: i.name } : {}),
      ...(i.group ? { group: i.group } : {}),
      vetoed: i.vetoed ?? false,
    })),
    sheets: input.sheets.map((s) => ({
      itemId: s.itemId,
      expertId: s.expertId,
      scores: { ...s.scores },
      recused: s.recused ?? false,
    })),
  };
}

const score = (max: number) => fc.integer({ min: 0, max: max * 2 }).map((n) => n / 2);
const inputArbitrary: fc.Arbitrary<GradeInput> = fc
  .uniqueArray(
    fc.record({ item: fc.constantFrom('P1', 'P2', '003', 'P4'), expert: fc.constantFrom('E1', 'E2', 'E3') }),
    {
      minLength: 1,
      maxLength: 12,
      selector: (k) => `${k.item}/${k.expert}`,
    },
  )
  .chain((keys) =>
    fc.record({
      sheets: fc.tuple(
        ...keys.map((k) =>
          fc.record({ hw: score(10), svc: score(15), recused: fc.boolean() }).map((s) => ({ ...k, ...s })),
        ),
      ),
      meta: fc.dictionary(
        fc.constantFrom('P1', 'P2', '003', 'P4'),
        fc.record({
          name: fc.constantFrom('甲平台', ''),
          group: fc.constantFrom('检验检测', ''),
          vetoed: fc.boolean(),
        }),
      ),
    }),
  )
  .map(({ sheets, meta }) => {
    const ids = [...new Set(sheets.map((s) => s.item))];
    return {
      items: ids.map((id) => ({ id, ...(meta[id] ?? {}) })),
      sheets: sheets.map((s) => ({
        itemId: s.item,
        expertId: s.expert,
        scores: { hw: s.hw, svc: s.svc },
        recused: s.recused,
      })),
    };
  });

describe('caseFromTable', () => {
  it('reads back any input written in long form, English or Chinese headers (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, fc.boolean(), (input, chinese) => {
        const result = caseFromTable(
          table(longRows(input, chinese ? LONG_HEADERS_ZH : LONG_HEADERS_EN)),
          criteria,
        );
        expect(result.ok).toBe(true);
        if (result.ok) expect(normalise(result.value.input)).toEqual(normalise(input));
      }),
    );
  });

  it('reads back any input written in wide form, by criterion id or name (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, fc.boolean(), (input, byName) => {
        const result = caseFromTable(table(wideRows(input, criteria, true, byName)), criteria);
        expect(result.ok).toBe(true);
        if (result.ok) expect(normalise(result.value.input)).toEqual(normalise(input));
      }),
    );
  });

  it('keeps a recused expert row without scores as a recused sheet', () => {
    const result = caseFromTable(
      table([LONG_HEADERS_ZH, ['P1', '', '', 'E1', '', null, '是', '否']]),
      criteria,
    );
    expect(result.ok && result.value.input.sheets).toEqual([
      { itemId: 'P1', expertId: 'E1', scores: {}, recused: true },
    ]);
  });

  it('names the row, item, expert and criterion of every bad cell', () => {
    const problems = problemsOf([
      LONG_HEADERS_EN,
      ['P1', '', '', 'E1', 'hw', '八', '', ''],
      ['P1', '', '', 'E1', 'zz', 3, '', ''],
      ['P1', '', '', 'E1', 'svc', 3, 'maybe', ''],
      ['', '', '', 'E1', 'svc', 3, '', ''],
      ['P2', '', '', '', 'svc', 3, '', ''],
      ['P1', '', '', 'E1', '', 4, '', ''],
    ]);
    expect(problems.map((p) => [p.row, p.itemId, p.expertId, p.criterionId, p.code])).toEqual([
      [2, 'P1', 'E1', 'hw', 'number_invalid'],
      [3, 'P1', 'E1', 'zz', 'unknown_criterion'],
      [4, 'P1', 'E1', undefined, 'boolean_invalid'],
      [5, undefined, undefined, undefined, 'item_missing'],
      [6, 'P2', undefined, undefined, 'expert_missing'],
      [7, 'P1', 'E1', undefined, 'criterion_missing'],
    ]);
    expect(problems[0].message).toBe('得分“八”不是数字');
    expect(problems[0].column).toBe('score');
  });

  it('reports duplicate scores, duplicate wide rows and conflicting item data', () => {
    const long = problemsOf([
      LONG_HEADERS_ZH,
      ['P1', '甲', 'A', 'E1', 'hw', 3, '否', '否'],
      ['P1', '乙', 'A', 'E1', 'hw', 4, '否', '是'],
    ]);
    expect(long.map((p) => p.message)).toEqual([
      '名称“乙”与第2行的“甲”不一致',
      '一票否决与第2行不一致',
      '同一专家、评审对象、指标的得分与第2行重复',
    ]);
    const wide = problemsOf([
      ['item_id', 'expert_id', 'hw'],
      ['P1', 'E1', 3],
      ['P1', 'E1', 4],
    ]);
    expect(wide).toMatchObject([{ code: 'sheet_duplicate', row: 3, itemId: 'P1', expertId: 'E1' }]);
  });

  it('checks headers against the whitelist: unknown, duplicate, missing, prototype names', () => {
    expect(
      problemsOf([
        ['item_id', 'expert_id', 'hw', '__proto__', 'constructor'],
        ['P1', 'E1', 1, 2, 3],
      ]).map((p) => p.message),
    ).toEqual([
      '未知的表头“__proto__”，应为固定列或评分细则中的指标编号/名称',
      '未知的表头“constructor”，应为固定列或评分细则中的指标编号/名称',
    ]);
    expect(
      problemsOf([
        ['item_id', 'expert_id', 'hw', '硬件基础'],
        ['P1', 'E1', 1, 2],
      ])[0].message,
    ).toBe('指标 hw 的列重复');
    expect(
      problemsOf([
        ['item_id', 'criterion_id', 'score'],
        ['P1', 'hw', 1],
      ])[0].message,
    ).toBe('缺少“专家编号”列');
    expect(
      problemsOf([
        ['item_id', 'expert_id'],
        ['P1', 'E1'],
      ])[0].code,
    ).toBe('header_missing');
    expect(
      problemsOf([
        ['item_id', 'expert_id', 'hw', ''],
        ['P1', 'E1', 1, 9],
      ])[0].message,
    ).toBe('第4列有数据但没有表头');
  });

  it('stores scores in objects without a prototype', () => {
    const result = caseFromTable(
      table([
        ['item_id', 'expert_id', 'hw'],
        ['P1', 'E1', 1],
      ]),
      criteria,
    );
    expect(result.ok && Object.getPrototypeOf(result.value.input.sheets[0].scores)).toBe(null);
  });

  it('locates engine problems at the row and column of the score', () => {
    const result = caseFromTable(
      table(
        wideRows(
          { items: [{ id: 'P1' }], sheets: [{ itemId: 'P1', expertId: 'E1', scores: { hw: 1, svc: 2 } }] },
          criteria,
        ),
      ),
      criteria,
    );
    if (!result.ok) throw new Error('expected ok');
    const { locations } = result.value;
    expect(
      locations.locate({ code: 'x', message: 'm', itemId: 'P1', expertId: 'E1', criterionId: 'svc' }),
    ).toMatchObject({ row: 2, column: 'svc', sheet: '评分' });
    expect(
      locations.locate({ code: 'x', message: 'm', itemId: 'P1', expertId: 'E1', criterionId: 'pol' }),
    ).toMatchObject({ row: 2 });
    expect(locations.locate({ code: 'x', message: 'm', itemId: 'P9' })).not.toHaveProperty('row');
  });
});
