import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { previewImport } from '#app/utils/xlsx/import-preview';
import { MAX_DATA_ROWS, MAX_FILE_BYTES } from '#app/utils/xlsx/read-workbook';
import { physicalHeaders, workbookSpec } from '#app/utils/xlsx/spec';
import { buildWorkbook } from '#app/utils/xlsx/template';
import {
  annualReportRows,
  applicationRows,
  filledWorkbook,
  randomBytes,
  rawWorkbook,
  usccFor,
  zipThatIsNotXlsx,
} from '#tests/fixtures/xlsx/factory';

const asOf = '2025-12-31';
const messages = async (bytes: Buffer, kind: 'application' | 'annual_report' = 'application') =>
  (await previewImport(bytes, kind, { asOf })).problems.map((p) => p.message);

function headersOf(sheet: string, kind: 'application' | 'annual_report' = 'application'): string[] {
  const spec = workbookSpec(kind).sheets.find((s) => s.name === sheet);
  if (!spec) throw new Error(sheet);
  return spec.columns.flatMap((c) => physicalHeaders(c).map((h) => (c.required ? `*${h}` : h)));
}

describe('previewImport on workbooks written by the app', () => {
  it('reads a filled 申报书 into one unit per code with derived eligibility data', async () => {
    const preview = await previewImport(filledWorkbook('application', applicationRows(3)), 'application', {
      asOf,
    });
    expect(preview.problems).toEqual([]);
    expect(preview.warnings).toEqual([]);
    expect(preview.units.map((u) => u.uscc)).toEqual([usccFor(1), usccFor(2), usccFor(3)]);
    const unit = preview.units[0];
    expect(unit.serviceScopes).toContain('检验检测');
    expect(unit.data).toMatchObject({
      independentLegalPerson: true,
      serviceYears: 9, // 2016-01-01 → 2025-12-31: 9 full years
      influentialCases: 3,
      nationalProjects3y: 1,
      seniorStaffRatio: 55.5,
      serviceFieldsCount: 1,
      serviceScopesCount: 2,
      isBranch: false,
      registeredDate: '2015-03-20',
    });
    expect(unit.details['近三年运营']).toHaveLength(3);
  });

  it('computes ratios exactly: 30 qualified of 50 staff is 60, related income 600 of 1000 is 60', async () => {
    const rows = applicationRows(1);
    rows.人员情况[0] = { ...rows.人员情况[0], staffTotal: 50, qualifiedStaff: 30 };
    rows.近三年运营 = rows.近三年运营.map((r) =>
      r.year === 2025 ? { ...r, revenue: 1000, relatedIncome: 600 } : r,
    );
    const [unit] = (await previewImport(filledWorkbook('application', rows), 'application', { asOf })).units;
    expect(unit.data.qualifiedStaffRatio).toBe(60);
    expect(unit.data.businessShare).toBe(60);
    expect(unit.data.relatedIncome).toBe(600);
  });

  it('marks a unit whose parent hosts a recognised platform as a branch (分支机构)', async () => {
    const rows = applicationRows(2);
    rows.基本信息[1] = { ...rows.基本信息[1], parentUscc: usccFor(900) };
    const preview = await previewImport(filledWorkbook('application', rows), 'application', {
      asOf,
      isRecognised: (code) => code === usccFor(900),
    });
    expect(preview.units.map((u) => u.data.isBranch)).toEqual([false, true]);
  });

  it('reads a 年度运行情况表 and its statistics window', async () => {
    const preview = await previewImport(
      filledWorkbook('annual_report', annualReportRows(2)),
      'annual_report',
      {
        asOf,
      },
    );
    expect(preview.problems).toEqual([]);
    expect(preview.units[0].data).toMatchObject({
      windowFrom: '2025-01-01',
      windowTo: '2025-12-31',
      businessShare: 80,
    });
  });

  it('an empty template previews with no units and no problems', async () => {
    for (const kind of ['application', 'annual_report'] as const) {
      const preview = await previewImport(buildWorkbook(workbookSpec(kind)), kind, { asOf });
      expect(preview).toMatchObject({ units: [], problems: [], warnings: [] });
    }
  });
});

describe('previewImport lists every problem by sheet, row and column', () => {
  it('reports bad cells of several rows at once, in Chinese, and names the cell', async () => {
    const rows = applicationRows(4);
    rows.基本信息[0] = { ...rows.基本信息[0], uscc: usccFor(1).slice(0, 17) + 'X' };
    rows.基本信息[1] = { ...rows.基本信息[1], serviceFields: ['装备', '钢铁', '有色、建材'] };
    rows.基本信息[2] = { ...rows.基本信息[2], registeredDate: '2022年6月31日', contactName: null };
    rows.基本信息[3] = { ...rows.基本信息[3], equipmentValue: '四百万' };
    const preview = await previewImport(filledWorkbook('application', rows), 'application', { asOf });
    const byCode = (code: string) => preview.problems.filter((p) => p.code === code);

    expect(byCode('uscc_invalid')[0]).toMatchObject({ sheet: '基本信息', row: 2, column: 'B' });
    expect(byCode('uscc_invalid')[0].message).toMatch(
      /^基本信息第2行B列（统一社会信用代码）：统一社会信用代码校验位错误：第18位应为“.”，实际为“X”$/,
    );
    expect(byCode('too_many_values')[0]).toMatchObject({ sheet: '基本信息', row: 3, column: 'D' });
    expect(byCode('too_many_values')[0].message).toContain(
      '服务行业领域最多3项，实际填写了4项（装备、钢铁、有色、建材）',
    );
    expect(byCode('date_invalid')[0].message).toBe(
      '基本信息第4行P列（注册日期）：2022年6月31日不是有效日期：6月只有30天',
    );
    expect(byCode('required')[0].message).toBe('基本信息第4行AB列（申报联系人姓名）：必填项未填写');
    expect(byCode('type_number')[0].message).toMatch(
      /基本信息第5行.+列（技术服务设备原值（万元））：应为数字，实际为“四百万”/,
    );
    // The other sheets still carry unit 1's correct code, which 基本信息 no longer has: each such row
    // is reported as well (1 + 3 + 1 + 3 + 1 rows).
    expect(byCode('unknown_unit')).toHaveLength(9);
    expect(preview.problems).toHaveLength(14);
  });

  it('reports duplicate units, rows for unknown units and too many rows per unit', async () => {
    const rows = applicationRows(2);
    rows.基本信息.push({ ...rows.基本信息[0] });
    rows.人员情况.push({ ...rows.人员情况[0], uscc: usccFor(77) });
    rows.近三年运营.push({ ...rows.近三年运营[0], year: 2022 });
    const msgs = await messages(filledWorkbook('application', rows));
    expect(msgs).toContain(`基本信息第4行：统一社会信用代码${usccFor(1)}与第2行重复（同一单位只能填写一行）`);
    expect(msgs).toContain(`人员情况第4行：统一社会信用代码${usccFor(77)}在“基本信息”中没有对应单位`);
    expect(msgs.some((m) => m.startsWith(`近三年运营第8行：单位${usccFor(1)}在本表最多填写3行`))).toBe(true);
  });

  it('reports cross-field contradictions: related income above revenue, reversed window', async () => {
    const rows = annualReportRows(1);
    rows.年度运行情况[0] = {
      ...rows.年度运行情况[0],
      relatedIncome: 5000,
      windowFrom: '2025-12-31',
      windowTo: '2025-01-01',
    };
    const msgs = await messages(filledWorkbook('annual_report', rows), 'annual_report');
    expect(msgs).toEqual([
      '年度运行情况第2行（四川示例检测技术有限公司1号）：统计区间起2025-12-31晚于统计区间止2025-01-01',
      '年度运行情况第2行（四川示例检测技术有限公司1号）：相关服务收入5000万元大于营业收入3000万元',
    ]);
  });
});

describe('hostile workbooks', () => {
  it('refuses an empty file, random bytes, a zip that is not xlsx and an oversized file', async () => {
    expect(await messages(Buffer.alloc(0))).toEqual(['文件为空，请选择填写好的 xlsx 文件']);
    expect((await messages(randomBytes(4096)))[0]).toMatch(/^文件不是 xlsx 格式/);
    expect((await messages(zipThatIsNotXlsx()))[0]).toMatch(/不是 xlsx/);
    const big = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(MAX_FILE_BYTES)]);
    expect(await messages(big)).toEqual(['文件大小为10.0MB，超过10MB上限；请拆分为多个文件分批导入']);
    expect(await messages(Buffer.from('PK\x03\x04 truncated'))).toEqual([
      '文件已损坏或不完整，无法作为 xlsx 打开',
    ]);
  });

  it('never evaluates formulas and never uses a header as an object key', async () => {
    const header = [...headersOf('年度运行情况', 'annual_report'), '__proto__', 'constructor', 'toString'];
    const values = filledRowValues();
    const bytes = rawWorkbook({ 年度运行情况: [header, [...values, '{"polluted":1}', 'x', 'y']] }, (book) => {
      const ws = book.Sheets['年度运行情况'];
      const revenueCol = header.indexOf('*年度营业收入（万元）');
      ws[XLSX.utils.encode_cell({ r: 1, c: revenueCol })] = { t: 'n', v: 999, f: 'SUM(1,2)' };
    });
    const preview = await previewImport(bytes, 'annual_report', { asOf });
    expect(preview.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^年度运行情况第2行.+列（年度营业收入（万元））：单元格含公式/),
    ]);
    expect(preview.warnings.map((w) => w.code)).toEqual([
      'column_unknown',
      'column_unknown',
      'column_unknown',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(preview.units[0].data)).toBeNull();
    expect(Object.keys(preview.units[0].data)).not.toContain('__proto__');
  });

  it('reads a merged cell as its top-left value in every cell of the range', async () => {
    const header = headersOf('年度运行情况', 'annual_report');
    const row2 = filledRowValues();
    const row3 = filledRowValues(2);
    const categoryCol = header.indexOf('平台类别');
    row3[categoryCol] = '';
    const bytes = rawWorkbook({ 年度运行情况: [header, row2, row3] }, (book) => {
      book.Sheets['年度运行情况']['!merges'] = [{ s: { r: 1, c: categoryCol }, e: { r: 2, c: categoryCol } }];
    });
    const preview = await previewImport(bytes, 'annual_report', { asOf });
    expect(preview.problems).toEqual([]);
    expect(preview.units.map((u) => u.category)).toEqual(['检验检测', '检验检测']);
  });

  it('reports wrong types in a workbook typed by hand', async () => {
    const header = headersOf('年度运行情况', 'annual_report');
    const row = filledRowValues();
    row[header.indexOf('*提供服务次数（次）')] = 12.5;
    row[header.indexOf('是否有数据采集及数据库建设')] = '也许';
    row[header.indexOf('*统计区间止')] = '2022-02-29';
    const msgs = await messages(rawWorkbook({ 年度运行情况: [header, row] }), 'annual_report');
    expect(msgs).toEqual([
      expect.stringMatching(/统计区间止）：2022-02-29不是有效日期：2022年2月只有28天$/),
      expect.stringMatching(/提供服务次数（次））：应为整数，实际为12.5$/),
      expect.stringMatching(/是否有数据采集及数据库建设）：应填“是”或“否”，实际为“也许”$/),
    ]);
  });

  it('reports a missing sheet and a missing required column', async () => {
    const header = headersOf('年度运行情况', 'annual_report').filter((h) => h !== '*统一社会信用代码');
    expect(await messages(rawWorkbook({ 年度运行情况: [header] }), 'annual_report')).toEqual([
      '工作表“年度运行情况”缺少必填列“统一社会信用代码”',
    ]);
    expect(await messages(rawWorkbook({ 其他: [['a']] }), 'annual_report')).toEqual([
      '缺少工作表“年度运行情况”，请使用本轮下载的模板填写',
    ]);
  });

  it('handles 10,000 rows', async () => {
    const bytes = filledWorkbook('annual_report', annualReportRows(MAX_DATA_ROWS));
    const preview = await previewImport(bytes, 'annual_report', { asOf });
    expect(preview.problems).toEqual([]);
    expect(preview.units).toHaveLength(MAX_DATA_ROWS);
  }, 180_000);

  it('refuses a sheet with more than 10,000 rows without reading them', async () => {
    const header = headersOf('年度运行情况', 'annual_report');
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, i) => [`单位${i}`]);
    expect(await messages(rawWorkbook({ 年度运行情况: [header, ...rows] }), 'annual_report')).toEqual([
      '工作表“年度运行情况”有10001行数据，超过10000行上限，请拆分后分批导入',
    ]);
  });
});

// One valid 年度运行情况 row, in header order, as a person would type it.
function filledRowValues(i = 1): unknown[] {
  const spec = workbookSpec('annual_report').sheets[0];
  const row = annualReportRows(i)['年度运行情况'][i - 1];
  return spec.columns.flatMap((c) => {
    const v = row[c.key];
    if (c.type.kind === 'multi') {
      const values = Array.isArray(v) ? v : [];
      return Array.from({ length: c.type.slots }, (_, k) => values[k] ?? '');
    }
    return [v ?? ''];
  });
}
