// The expert pool workbook as people really send it back: cells typed sloppily (full-width
// characters, surrounding spaces, numbers where text is expected, several values in one cell), a
// heading row above the header, and problems that must be reported once, in order, and truthfully.
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readExpertWorkbook } from '#app/utils/xlsx-experts';
import { computeUsccCheckChar } from '#app/utils/uscc';

const HEADERS = [
  '*专家编号',
  '*姓名',
  '*工作单位',
  '工作单位统一社会信用代码',
  '*职称',
  '*专业领域1',
  '专业领域2',
  '专业领域3',
  '*所在地区',
  '联系电话',
  '电子邮箱',
  '是否可参加评审',
  '备注',
];
const CONFLICT_HEADERS = ['*专家编号', '*回避类型', '单位名称', '单位统一社会信用代码', '离职年份', '说明'];

const goodRow = (code: string): unknown[] => [
  code,
  '王五',
  '西南交通大学',
  '',
  '教授',
  '轨道交通',
  '',
  '',
  '四川省成都市',
  '13800138000',
  'wang@example.cn',
  '是',
  '',
];

function workbook(
  experts: unknown[][],
  conflicts?: unknown[][],
  edit?: (ws: XLSX.WorkSheet) => void,
): Buffer {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet(experts);
  edit?.(ws);
  XLSX.utils.book_append_sheet(wb, ws, '专家');
  if (conflicts) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(conflicts), '回避信息');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

const messages = async (file: Buffer) => {
  const result = await readExpertWorkbook(file, '专家.xlsx');
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => p.message);
};

const USCC = `91510100MA61R0XU2${computeUsccCheckChar('91510100MA61R0XU2')}`;
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('problems reported once, truthfully and in order', () => {
  it('does not call the conflicts of an invalid expert row “not in the 专家 sheet”', async () => {
    const file = workbook(
      [HEADERS, ['QA-B01', '', '西南交通大学', '', '教授', '轨道交通', '', '', '成都', '', '', '', '']],
      [
        CONFLICT_HEADERS,
        ['QA-B01', '亲属所在单位', '某公司', '', '', '配偶'],
        ['QA-B09', '亲属所在单位', '某公司', '', '', ''],
      ],
    );
    expect(await messages(file)).toEqual([
      '“专家”表第2行“姓名”列：姓名不能为空',
      '“回避信息”表第3行“专家编号”列：专家编号“QA-B09”不在“专家”表中',
    ]);
  });

  it('asks for content, not a number, when a text column holds a formula, and says so once', async () => {
    const file = workbook([HEADERS, goodRow('QA-F1')], undefined, (ws) => {
      ws['B2'] = { t: 's', v: '王五', f: 'CONCAT("王","五")' };
    });
    expect(await messages(file)).toEqual(['“专家”表第2行“姓名”列含有公式，请直接填写内容，不要使用公式']);
  });

  it('reports a date typed in a text column once', async () => {
    const file = workbook([HEADERS, goodRow('QA-D1')], undefined, (ws) => {
      ws['E2'] = { t: 'd', v: new Date('2020-01-01T00:00:00Z') };
    });
    expect(await messages(file)).toHaveLength(1);
    expect((await messages(file))[0]).toMatch(/^“专家”表第2行“职称”列/);
  });

  it('lists problems by sheet, then row, then column', async () => {
    const file = workbook(
      [
        HEADERS,
        ['QA-S1', '', '西南交通大学', '', '', '轨道交通', '', '', '成都', '', '', '', ''],
        goodRow('QA-S2'),
        [...goodRow('QA-S3').slice(0, 10), 'x', '也许', ''],
      ],
      [CONFLICT_HEADERS, ['QA-S2', '同学', '某公司', '', '', '']],
      (ws) => {
        ws['!merges'] = [XLSX.utils.decode_range('C3:D3')];
      },
    );
    expect(await messages(file)).toEqual([
      '“专家”表第2行“姓名”列：姓名不能为空',
      '“专家”表第2行“职称”列：职称不能为空',
      '“专家”表第3行起有合并单元格（C3:D3），请取消合并后再导入',
      '“专家”表第4行“电子邮箱”列：电子邮箱格式不正确',
      '“专家”表第4行“是否可参加评审”列：是否可参加评审须为“是”或“否”',
      expect.stringMatching(/^“回避信息”表第2行“回避类型”列：回避类型只能是/),
    ]);
  });
});

describe('sloppy cells read as people type them', () => {
  it('reads full-width letters and digits in code, phone, e-mail, USCC and year', async () => {
    const file = workbook(
      [
        HEADERS,
        [
          fullWidth('QA-01'),
          ' 王五 ',
          '成都飞机工业（集团）有限责任公司',
          fullWidth(USCC),
          '教授',
          '轨道交通',
          '',
          '',
          '四川省成都市',
          fullWidth('(028)85400000'),
          fullWidth('wang@example.cn'),
          '是',
          '',
        ],
      ],
      [
        CONFLICT_HEADERS,
        [fullWidth('QA-01'), ' 近三年曾工作单位 ', '四川大学', '', '２０２４', ''],
        ['QA-01', '近三年曾工作单位', '电子科技大学', '', ' 2023 年 ', ''],
      ],
    );
    const result = await readExpertWorkbook(file, '专家.xlsx');
    expect(result).toMatchObject({
      ok: true,
      value: [
        {
          code: 'QA-01',
          name: '王五',
          organisationName: '成都飞机工业（集团）有限责任公司',
          organisationUscc: USCC,
          phone: '(028)85400000',
          email: 'wang@example.cn',
          conflicts: [
            { kind: 'formerEmployer', organisationName: '四川大学', untilYear: 2024 },
            { kind: 'formerEmployer', organisationName: '电子科技大学', untilYear: 2023 },
          ],
        },
      ],
    });
  });

  it('finds the header below a (merged) heading row', async () => {
    const file = workbook(
      [['2025年度专家库'], HEADERS, goodRow('QA-H1'), goodRow('QA-H2')],
      undefined,
      (ws) => {
        ws['!merges'] = [XLSX.utils.decode_range('A1:M1')];
      },
    );
    const result = await readExpertWorkbook(file, '专家.xlsx');
    expect(result).toMatchObject({
      ok: true,
      value: [
        { code: 'QA-H1', row: 3 },
        { code: 'QA-H2', row: 4 },
      ],
    });
  });

  it.each([
    ['Y', true],
    ['√', true],
    ['TRUE', true],
    [1, true],
    ['ｙｅｓ', true],
    ['N', false],
    ['×', false],
    [0, false],
    [false, false],
  ])('reads “%s” in 是否可参加评审 as %s', async (cell, active) => {
    const row = goodRow('QA-Y1');
    row[11] = cell;
    expect(await readExpertWorkbook(workbook([HEADERS, row]), '专家.xlsx')).toMatchObject({
      ok: true,
      value: [{ active }],
    });
  });

  it('splits fields on 、，,；; and line breaks, and reads a phone stored as a number', async () => {
    const row = goodRow('QA-M1');
    row[5] = '轨道交通\n装备；新材料';
    row[6] = '人工智能，低空经济';
    row[9] = 13800138000;
    expect(await readExpertWorkbook(workbook([HEADERS, row]), '专家.xlsx')).toMatchObject({
      ok: true,
      value: [{ fields: ['轨道交通', '装备', '新材料', '人工智能', '低空经济'], phone: '13800138000' }],
    });
  });
});
