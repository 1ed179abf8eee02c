import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { getPreset } from '#seeds/presets/index';
import { physicalHeaders, workbookSpec } from '#app/utils/xlsx/spec';
import { buildWorkbook } from '#app/utils/xlsx/template';

function sheetXml(bytes: Buffer, index: number): string {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
  return Buffer.from(XLSX.CFB.find(zip, `/xl/worksheets/sheet${index}.xml`).content).toString('utf8');
}

describe('buildWorkbook templates', () => {
  it('writes the 申报书 with instructions first, Chinese headers marked *, and a hidden 选项 sheet', () => {
    const bytes = buildWorkbook(workbookSpec('application'), {
      heading: '2026年四川省认定',
      notes: ['五、统计区间：2025-01-01 至 2025-12-31。'],
    });
    const book = XLSX.read(bytes, { type: 'buffer' });
    expect(book.SheetNames).toEqual([
      '填写说明',
      '基本信息',
      '人员情况',
      '近三年运营',
      '项目成果',
      '服务案例',
      '仪器设备',
      '选项',
    ]);
    expect(book.Workbook?.Sheets?.map((s) => s.Hidden ?? 0)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    const header = XLSX.utils.sheet_to_json<string[]>(book.Sheets['基本信息'], { header: 1 })[0];
    expect(header.slice(0, 6)).toEqual([
      '*申报单位',
      '*统一社会信用代码',
      '平台名称',
      '*服务行业领域1',
      '服务行业领域2',
      '服务行业领域3',
    ]);
    const help = XLSX.utils.sheet_to_json<string[]>(book.Sheets['填写说明'], { header: 1 }).map((r) => r[0]);
    expect(help).toContain('2026年四川省认定');
    expect(help).toContain('五、统计区间：2025-01-01 至 2025-12-31。');
  });

  it('adds drop-down lists backed by the 选项 sheet and number ranges as real data validations', () => {
    const xml = sheetXml(buildWorkbook(workbookSpec('application')), 2);
    // Service fields: three slot columns D:F, a list from column A of 选项 (27 fields).
    expect(xml).toContain(`sqref="D2:F5001"><formula1>'选项'!$A$2:$A$28</formula1>`);
    expect(xml).toMatch(
      /<dataValidation type="whole" operator="between"[^>]*><formula1>0<\/formula1><formula2>10000000<\/formula2>/,
    );
    // dataValidations must come after sheetData and before ignoredErrors (CT_Worksheet order).
    expect(xml.indexOf('</sheetData>')).toBeLessThan(xml.indexOf('<dataValidations'));
    expect(xml.indexOf('</dataValidations>')).toBeLessThan(xml.indexOf('<ignoredErrors'));
    const book = XLSX.read(buildWorkbook(workbookSpec('application')), { type: 'buffer' });
    expect(XLSX.utils.sheet_to_json<string[]>(book.Sheets['选项'], { header: 1 })[0]).toEqual([
      '服务行业领域',
      '服务范围',
      '平台类别',
      '申报单位类型',
      '投资方经济性质',
      '是/否',
      '成果类别',
    ]);
  });

  it('adds a 补充数据 sheet for eligibility data the form does not collect, named from the field catalogue', () => {
    const eligibility = getPreset('shanghai-2022-performance')?.eligibility ?? [];
    const spec = workbookSpec('annual_report', eligibility);
    const extra = spec.sheets.find((s) => s.name === '补充数据');
    expect(extra).toBeDefined();
    const headers = extra?.columns.flatMap(physicalHeaders) ?? [];
    expect(headers[0]).toBe('统一社会信用代码');
    expect(headers).toContain('对外服务场地面积（平方米）');
    // Fields the form already has are not asked twice.
    expect(headers.some((h) => h.startsWith('营业收入'))).toBe(false);
    expect(
      workbookSpec('application', getPreset('sichuan-2025-recognition')?.eligibility).sheets.map(
        (s) => s.name,
      ),
    ).not.toContain('补充数据');
  });
});
