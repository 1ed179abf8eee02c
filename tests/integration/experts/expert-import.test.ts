import '#tests/support/use-test-db';
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { expertWorkbook, importExperts, listExperts } from '#app/models/expert.server';
import { readExpertWorkbook, writeExpertWorkbook } from '#app/utils/xlsx-experts';
import type { ExpertInput } from '#app/utils/expert-schema';
import { computeUsccCheckChar } from '#app/utils/uscc';

const ACTOR = 'test-agency-user';

function expertInput(i: number, overrides: Partial<ExpertInput> = {}): ExpertInput {
  return {
    code: `ZJ${String(i).padStart(4, '0')}`,
    name: `专家${i}`,
    organisationName: `四川大学${i % 3}`,
    title: '正高级工程师',
    fields: ['装备', '新材料'],
    region: '四川省成都市',
    active: true,
    conflicts: [],
    ...overrides,
  };
}

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

/** A hand-made workbook (not written by the app), for hostile and malformed inputs. */
function handMade(
  rows: unknown[][],
  edit?: (ws: XLSX.WorkSheet) => void,
  extraSheets: Record<string, unknown[][]> = {},
): Buffer {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet(rows);
  edit?.(ws);
  XLSX.utils.book_append_sheet(wb, ws, '专家');
  for (const [name, data] of Object.entries(extraSheets))
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(data), name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

const goodRow = (code: string) => [
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

describe('expert workbook import', () => {
  it('round-trips the app-written workbook: template, filled export, and re-import that updates', async () => {
    const template = await readExpertWorkbook(await expertWorkbook(false), '专家库模板.xlsx');
    expect(template).toEqual({
      ok: false,
      problems: [{ code: 'expert_file', message: '“专家”表中没有专家数据' }],
    });

    const experts = [
      expertInput(1, {
        organisationUscc: `91510100MA61R0XU2${computeUsccCheckChar('91510100MA61R0XU2')}`,
        conflicts: [
          { kind: 'formerEmployer', organisationName: '四川省机械研究设计院', untilYear: 2024 },
          { kind: 'relative', organisationName: '成都飞机工业（集团）有限责任公司', note: '配偶' },
        ],
      }),
      expertInput(2, { active: false, phone: '028-85400000', email: 'a@b.cn' }),
      expertInput(3, { fields: ['电子信息'] }),
    ];
    const file = writeExpertWorkbook(experts);
    const preview = await importExperts(ACTOR, file, '专家.xlsx', { commit: false });
    expect(preview).toMatchObject({ ok: true, value: { rows: 3, created: 3, updated: 0 } });
    expect(await prisma.expert.count()).toBe(0);

    const committed = await importExperts(ACTOR, file, '专家.xlsx', { commit: true });
    expect(committed).toMatchObject({ ok: true, value: { rows: 3, created: 3, updated: 0 } });
    const stored = await listExperts({});
    expect(stored.total).toBe(3);
    const first = stored.experts.find((e) => e.code === 'ZJ0001')!;
    expect(first.conflicts.map((c) => [c.kindLabel, c.organisationName, c.untilYear, c.note])).toEqual([
      ['近三年曾工作单位', '四川省机械研究设计院', 2024, null],
      ['亲属所在单位', '成都飞机工业（集团）有限责任公司', null, '配偶'],
    ]);
    expect(stored.experts.find((e) => e.code === 'ZJ0002')).toMatchObject({
      active: false,
      phone: '028-85400000',
    });

    // Export, change one expert, import again: updated in place, never duplicated.
    const exported = await readExpertWorkbook(await expertWorkbook(true), 'export.xlsx');
    if (!exported.ok) throw new Error(JSON.stringify(exported.problems));
    const edited = exported.value.map(({ row: _row, ...e }) =>
      e.code === 'ZJ0003' ? { ...e, title: '研究员' } : e,
    );
    const again = await importExperts(ACTOR, writeExpertWorkbook(edited), 'export.xlsx', { commit: true });
    expect(again).toMatchObject({ ok: true, value: { created: 0, updated: 3 } });
    expect(await prisma.expert.count()).toBe(3);
    expect((await prisma.expert.findUnique({ where: { code: 'ZJ0003' } }))?.title).toBe('研究员');
    expect(await prisma.expertConflict.count()).toBe(2);
    expect(await prisma.importBatch.count({ where: { kind: 'experts', state: 'committed' } })).toBe(2);
  });

  it('is all-or-nothing: one bad row writes nothing and every problem names sheet, row and column', async () => {
    const before = await prisma.expert.count();
    const events = await prisma.auditEvent.count();
    const file = handMade(
      [
        HEADERS,
        goodRow('N001'),
        [
          'N002',
          '',
          '某单位',
          '91510000201813217X',
          '教授',
          '装备',
          '',
          '',
          '成都',
          'abc',
          'not-an-email',
          '也许',
          '',
        ],
        goodRow('N001'),
      ],
      undefined,
      {
        回避信息: [
          ['*专家编号', '*回避类型', '单位名称', '单位统一社会信用代码', '离职年份', '说明'],
          ['N001', '近三年曾工作单位', '成都大学', '', '去年', ''],
          ['N999', '亲属所在单位', '某公司', '', '', ''],
          ['N001', '同学', '某公司', '', '', ''],
        ],
      },
    );
    const result = await importExperts(ACTOR, file, 'bad.xlsx', { commit: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const messages = result.problems.map((p) => p.message);
      expect(messages).toEqual([
        '“专家”表第3行“姓名”列：姓名不能为空',
        expect.stringMatching(/^“专家”表第3行“工作单位统一社会信用代码”列：统一社会信用代码校验位错误/),
        '“专家”表第3行“联系电话”列：联系电话只能包含数字、+、-、括号，5到20位',
        '“专家”表第3行“电子邮箱”列：电子邮箱格式不正确',
        '“专家”表第3行“是否可参加评审”列：是否可参加评审须为“是”或“否”',
        '“专家”表第4行“专家编号”列：专家编号“N001”与第2行重复',
        '“回避信息”表第2行“离职年份”列：离职年份必须是年份数字，如 2024',
        '“回避信息”表第3行“专家编号”列：专家编号“N999”不在“专家”表中',
        expect.stringMatching(
          /^“回避信息”表第4行“回避类型”列：回避类型只能是：兼职单位、近三年曾工作单位、亲属所在单位、其他利益冲突/,
        ),
      ]);
      expect(result.problems[0]).toMatchObject({ sheet: '专家', row: 3, column: '姓名' });
    }
    expect(await prisma.expert.count()).toBe(before);
    expect(await prisma.auditEvent.count()).toBe(events);
  });

  it('rejects files that are empty, not a zip, a zip that is not a workbook, or not named .xlsx', async () => {
    expect(await readExpertWorkbook(new Uint8Array(), 'a.xlsx')).toMatchObject({
      ok: false,
      problems: [{ message: '文件为空，请选择填写好的专家库模板' }],
    });
    expect(await readExpertWorkbook(Buffer.from('姓名,单位\n张三,某大学\n'), 'a.xlsx')).toMatchObject({
      ok: false,
      problems: [
        {
          message:
            '文件不是 xlsx 格式（Excel 2007 及以上）；如为 .xls、.xlsb、.ods 或 .csv，请在 Excel 中另存为 .xlsx 后再导入',
        },
      ],
    });
    const zip = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(zip, '/readme.txt', Buffer.from('not a workbook'));
    const notWorkbook = Buffer.from(XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer' }) as Buffer);
    const zipResult = await readExpertWorkbook(notWorkbook, 'a.xlsx');
    expect(zipResult.ok).toBe(false);
    if (!zipResult.ok) expect(zipResult.problems[0].message).toMatch(/^文件不是 xlsx 格式/);
    expect(await readExpertWorkbook(handMade([HEADERS, goodRow('A1')]), '专家.xls')).toMatchObject({
      ok: false,
      problems: [{ message: '“专家.xls”不是 .xlsx 文件，请使用专家库模板' }],
    });
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await readExpertWorkbook(big, 'big.xlsx')).toMatchObject({
      ok: false,
      status: 413,
      problems: [{ message: '文件大小为11.0MB，超过上限10MB，请分批导入' }],
    });
  });

  it('refuses formulas and merged cells instead of evaluating or guessing', async () => {
    const withFormula = handMade([HEADERS, goodRow('F1')], (ws) => {
      ws['J2'] = { t: 'n', v: 13800138000, f: '13800138000+0' };
    });
    expect(await readExpertWorkbook(withFormula, 'f.xlsx')).toMatchObject({
      ok: false,
      problems: [
        {
          message: '“专家”表第2行“联系电话”列含有公式，请直接填写内容，不要使用公式',
          row: 2,
          column: '联系电话',
        },
      ],
    });
    const merged = handMade([HEADERS, goodRow('M1'), goodRow('M2')], (ws) => {
      ws['!merges'] = [XLSX.utils.decode_range('C2:C3')];
    });
    expect(await readExpertWorkbook(merged, 'm.xlsx')).toMatchObject({
      ok: false,
      problems: [{ message: '“专家”表第2行起有合并单元格（C2:C3），请取消合并后再导入' }],
    });
  });

  it('treats a __proto__ or constructor header as an unknown column, never as an object key', async () => {
    const file = handMade([
      [...HEADERS, '__proto__', 'constructor'],
      [...goodRow('P1'), '{"polluted":true}', 'x'],
    ]);
    // The file really carries the headers (a fixture that lost them would prove nothing).
    const sheet = XLSX.read(file, { type: 'buffer' }).Sheets['专家'];
    const header = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 })[0];
    expect(header.slice(-2)).toEqual(['__proto__', 'constructor']);

    const result = await readExpertWorkbook(file, 'p.xlsx');
    const clean = await readExpertWorkbook(handMade([HEADERS, goodRow('P1')]), 'c.xlsx');
    expect(result.ok && clean.ok).toBe(true);
    if (!result.ok || !clean.ok) return;
    // Assigning a string to obj.__proto__ is a silent no-op, so "no __proto__ key" alone could never
    // fail: check own property names (a null-prototype row would have one), the prototype itself,
    // and that the row reads exactly as without the two columns.
    const row = result.value[0];
    expect(Object.getOwnPropertyNames(row)).not.toContain('__proto__');
    expect(Object.getOwnPropertyNames(row)).not.toContain('constructor');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(result.value).toEqual(clean.value);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a missing required column and accepts numbers typed where text is expected', async () => {
    const missing = handMade([
      HEADERS.filter((h) => h !== '*职称'),
      ['X1', '张三', '某大学', '', '装备', '', '', '成都'],
    ]);
    expect(await readExpertWorkbook(missing, 'x.xlsx')).toMatchObject({
      ok: false,
      problems: [{ message: '“专家”表缺少必填列“职称”，请使用最新模板', column: '职称' }],
    });
    const numeric = handMade([
      HEADERS,
      [1001, '李四', '某大学', '', '教授', '装备、新材料', '', '', '成都', 13800138000, '', '', ''],
    ]);
    const result = await readExpertWorkbook(numeric, 'n.xlsx');
    expect(result).toMatchObject({
      ok: true,
      value: [{ code: '1001', phone: '13800138000', fields: ['装备', '新材料'], active: true }],
    });
  });

  it('refuses 10,000 rows with a clear limit message', async () => {
    const rows = [HEADERS, ...Array.from({ length: 10_000 }, (_, i) => goodRow(`B${i}`))];
    const file = handMade(rows);
    const result = await readExpertWorkbook(file, 'big.xlsx');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ message: '“专家”表共有10000行数据，超过上限5000行，请分批导入' }],
    });
  });
});
