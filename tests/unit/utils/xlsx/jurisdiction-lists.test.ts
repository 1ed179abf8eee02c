// Each jurisdiction's documents print their own closed lists of 服务行业领域 and 服务范围:
// 工信部科〔2025〕261号 第五条 (民用航空; no 航空航天/低空经济/轨道交通; no 检验检测), 川经信规〔2025〕9号
// 第五条 and 附件1 (航空航天, 低空经济, 轨道交通; 检验检测; 计量测试 in the text, 计量检测 on the form).
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { writeExpertWorkbook } from '#app/utils/xlsx-experts';
import { previewImport } from '#app/utils/xlsx/import-preview';
import { serviceFieldsOf, serviceScopesOf } from '#app/utils/xlsx/options';
import { workbookSpec } from '#app/utils/xlsx/spec';
import { buildWorkbook } from '#app/utils/xlsx/template';
import { applicationRows, filledWorkbook } from '#tests/fixtures/xlsx/factory';

const asOf = '2025-12-31';

function optionColumn(bytes: Buffer, heading: string): string[] {
  const book = XLSX.read(bytes, { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets['选项'], { header: 1 });
  const c = rows[0].indexOf(heading);
  return rows
    .slice(1)
    .map((r) => r[c])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

function helpText(bytes: Buffer): string {
  const book = XLSX.read(bytes, { type: 'buffer' });
  return XLSX.utils.sheet_to_json<string[]>(book.Sheets['填写说明'], { header: 1 }).flat().join('\n');
}

/** A one-unit 申报书 with these fields and scopes, on the template of `jurisdiction`. */
async function oneUnit(
  jurisdiction: 'miit' | 'sichuan' | 'shanghai',
  serviceFields: string[],
  serviceScopes: string[],
  written: 'miit' | 'sichuan' | 'shanghai' = jurisdiction,
) {
  const rows = applicationRows(1, 7, 1, written);
  rows.基本信息[0] = { ...rows.基本信息[0], serviceFields, serviceScopes };
  return await previewImport(filledWorkbook('application', rows, [], written), 'application', {
    asOf,
    jurisdiction,
  });
}

describe('service field and scope lists per jurisdiction', () => {
  it('MIIT template offers 261号 第五条 fields and scopes, Sichuan template those of 川经信规〔2025〕9号', async () => {
    const miit = buildWorkbook(workbookSpec('application', [], 'miit'));
    const miitFields = optionColumn(miit, '服务行业领域');
    expect(miitFields).toHaveLength(25);
    expect(miitFields).toContain('民用航空');
    for (const absent of ['航空航天', '低空经济', '轨道交通']) expect(miitFields).not.toContain(absent);
    expect(optionColumn(miit, '服务范围')).toEqual([
      '计量检测',
      '标准验证与检测',
      '质量可靠性试验检测',
      '认证认可',
      '产业信息',
      '知识产权',
      '技术成果转化',
    ]);

    const sichuan = buildWorkbook(workbookSpec('application', [], 'sichuan'));
    const sichuanFields = optionColumn(sichuan, '服务行业领域');
    expect(sichuanFields).toHaveLength(27);
    expect(sichuanFields).toContain('轨道交通');
    expect(sichuanFields).not.toContain('民用航空');
    expect(optionColumn(sichuan, '服务范围')).toContain('检验检测');
  });

  it('the instructions sheet names whose list the drop-downs follow', async () => {
    const miit = helpText(buildWorkbook(workbookSpec('annual_report', [], 'miit')));
    expect(miit).toContain('工业和信息化部服务行业领域');
    expect(miit).toContain('工信部科〔2025〕261号');
    const sichuan = helpText(buildWorkbook(workbookSpec('application', [], 'sichuan')));
    expect(sichuan).toContain('四川省服务行业领域');
    expect(sichuan).toContain('川经信规〔2025〕9号');
  });

  it('imports 民用航空 for a MIIT round and refuses it for a Sichuan round, naming the list', async () => {
    expect((await oneUnit('miit', ['民用航空', '装备'], ['计量检测'])).problems).toEqual([]);
    expect((await oneUnit('miit', ['民用航空'], ['计量检测'])).units[0].serviceFields).toEqual(['民用航空']);

    const refused = await oneUnit('sichuan', ['民用航空'], ['检验检测'], 'miit');
    expect(refused.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('“民用航空”不是四川省服务行业领域的选项'),
    ]);

    const national = (await oneUnit('miit', ['轨道交通'], ['检验检测'], 'sichuan')).problems.map(
      (p) => p.message,
    );
    expect(national).toEqual([
      expect.stringContaining('“轨道交通”不是工业和信息化部服务行业领域的选项'),
      expect.stringContaining('“检验检测”不是工业和信息化部服务范围的选项'),
    ]);
  });

  it('accepts Sichuan’s 计量测试 (its text) as 计量检测 (its form), without a problem or warning', async () => {
    const preview = await oneUnit('sichuan', ['装备'], ['计量测试', '检验检测']);
    expect(preview.problems).toEqual([]);
    expect(preview.warnings).toEqual([]);
    expect(preview.units[0].serviceScopes).toEqual(['计量检测', '检验检测']);
    // Written both ways it is one scope, not two.
    expect((await oneUnit('sichuan', ['装备'], ['计量测试', '计量检测'])).units[0].serviceScopes).toEqual([
      '计量检测',
    ]);
  });

  it('still refuses more than three service fields', async () => {
    const preview = await oneUnit('miit', ['装备、钢铁、有色、民用航空'], ['计量检测']);
    expect(preview.problems.map((p) => p.code)).toEqual(['too_many_values']);
  });

  it('Shanghai (沪科规〔2022〕2号 prints no field list) accepts every national field, and its 第十条 services', async () => {
    const fields = serviceFieldsOf('shanghai');
    for (const f of [...serviceFieldsOf('miit'), ...serviceFieldsOf('sichuan')]) expect(fields).toContain(f);
    expect(serviceScopesOf('shanghai')).toEqual(
      expect.arrayContaining([
        '研发设计',
        '试验验证',
        '科技咨询',
        '检验检测',
        '科技评估',
        '中试孵化',
        '技术扩散',
      ]),
    );
    expect((await oneUnit('shanghai', ['民用航空', '轨道交通'], ['研发设计'])).problems).toEqual([]);
  });

  it('the expert template offers the fields of every jurisdiction', async () => {
    const fields = optionColumn(writeExpertWorkbook(), '专业领域');
    expect(fields).toContain('民用航空');
    expect(fields).toContain('轨道交通');
    expect(fields).toContain('检验检测'); // platform categories stay
  });
});
