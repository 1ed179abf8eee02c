// CLI ↔ app parity of cell rules: the same xlsx cells go through the app's round import (the 申报书
// template) and through `pingshen eligibility`'s reader, and must be accepted or refused alike, read
// to the same value, with the same notice. Before the shared cell rules the CLI read a cell typed
// 65% in Excel as 0.65 and refused 1,000万元, １０００万元, 50人 and 150平方米.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { readApplications } from '#cli/read-applications';
import { previewImport } from '#app/utils/xlsx/import-preview';
import { physicalHeaders, workbookSpec } from '#app/utils/xlsx/spec';
import type { EligibilityRule } from '#scoring/types';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';
import { runCli } from '#tests/fixtures/cli/run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-parity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type TestCell = XLSX.CellObject;
const s = (v: string): TestCell => ({ t: 's', v });
const n = (v: number, z?: string): TestCell => (z === undefined ? { t: 'n', v } : { t: 'n', v, z });

interface Column {
  sheet: string;
  header: string; // the template's header
  field: string;
  cells: TestCell[];
}

const COLUMNS: Column[] = [
  {
    sheet: '人员情况',
    header: '专职从业人员总数（人）',
    field: 'staffTotal',
    cells: [
      s('50人'),
      s('１２０'),
      s('1,000'),
      n(60),
      s('50.5'),
      s('-3'),
      s('五十'),
      s('30个'),
      s('７０ 人'),
    ],
  },
  {
    sheet: '人员情况',
    header: '硕士及以上学历或中级及以上职称人员比例（%）',
    field: 'seniorStaffRatio',
    cells: [
      n(0.65, '0%'),
      n(0.07, '0.00%'),
      s('65%'),
      s('６５％'),
      n(65),
      n(0.55),
      s('120'),
      n(1.2, '0%'),
      s('59.99999999999999999'),
      s('六成'),
    ],
  },
  {
    sheet: '基本信息',
    header: '技术服务设备原值（万元）',
    field: 'equipmentValue',
    cells: [
      s('1,000万元'),
      s('１０００万元'),
      s('1000万'),
      n(84.12),
      s('10000元'),
      s('-5'),
      n(-0.5),
      s('1,5'),
      s('1000.000000000000000001'),
    ],
  },
  {
    sheet: '基本信息',
    header: '自有场地面积（平方米）',
    field: 'ownFloorArea',
    cells: [s('150平方米'), s('150㎡'), s('-1'), s('150亩')],
  },
];

const rules: EligibilityRule[] = COLUMNS.map((c) => ({
  id: c.field,
  label: c.field,
  conditions: [{ id: c.field, label: c.field, field: c.field, op: '>=', value: 1 }],
}));

function letterOf(sheet: string, header: string): string {
  const spec = workbookSpec('application').sheets.find((x) => x.name === sheet)!;
  let c = 0;
  for (const column of spec.columns) {
    const i = physicalHeaders(column).indexOf(header);
    if (i >= 0) return XLSX.utils.encode_col(c + i);
    c += physicalHeaders(column).length;
  }
  throw new Error(header);
}

interface Reading {
  value?: unknown;
  refused?: string; // the refusal's detail, without the place
  notices: string[];
}

// The app: one unit per cell of the column, the cell in that unit's row.
async function appReadings(column: Column): Promise<Reading[]> {
  const rows = applicationRows(column.cells.length);
  const book = XLSX.read(filledWorkbook('application', rows), { type: 'buffer' });
  const letter = letterOf(column.sheet, column.header);
  column.cells.forEach((cell, i) => {
    book.Sheets[column.sheet][`${letter}${i + 2}`] = cell;
  });
  const p = await previewImport(
    XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer,
    'application',
    {
      asOf: '2025-12-31',
    },
  );
  const at = (row: number) => (q: { sheet?: string; row?: number; column?: string }) =>
    q.sheet === column.sheet && q.row === row && q.column === letter;
  const detail = (message: string) =>
    message.slice(message.indexOf(`${column.header}）：`) + column.header.length + 2);
  return column.cells.map((_, i) => {
    const problem = p.problems.find(at(i + 2));
    const notices = p.warnings.filter(at(i + 2)).map((w) => detail(w.message));
    if (problem) return { refused: detail(problem.message), notices };
    const unit = p.units.find((u) => u.uscc === usccFor(i + 1));
    return { value: unit?.data[column.field], notices };
  });
}

// The CLI: one application per cell, in a column headed by the field key.
async function cliReadings(column: Column): Promise<Reading[]> {
  const sheet = XLSX.utils.aoa_to_sheet([['编号', column.field]]);
  column.cells.forEach((cell, i) => {
    sheet[`A${i + 2}`] = s(`A${i + 1}`);
    sheet[`B${i + 2}`] = cell;
  });
  sheet['!ref'] = `A1:B${column.cells.length + 1}`;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
  const file = join(tmp, `${column.field}.xlsx`);
  writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  const read = await readApplications(
    file,
    rules.filter((r) => r.id === column.field),
  );
  const problems = read.ok ? [] : read.problems;
  const notices = read.ok ? read.value.notices : [];
  return column.cells.map((_, i) => {
    const row = i + 2;
    const problem = problems.find((q) => q.row === row);
    const mine = notices
      .filter((x) => x.startsWith(`工作表“Sheet1”第${row}行`))
      .map((x) => x.slice(x.indexOf('：') + 1));
    if (problem) return { refused: problem.message.slice(problem.message.indexOf('：') + 1), notices: mine };
    const application = read.ok ? read.value.applications[i] : undefined;
    return { value: application?.data[column.field], notices: mine };
  });
}

describe('the CLI reads spreadsheet cells exactly as the app import does', () => {
  it.each(COLUMNS.map((c) => [c.field, c] as const))('%s', async (_field, column) => {
    const app = await appReadings(column);
    // Refusals stop the CLI from reading values; read the accepted cells again on their own.
    const accepted = column.cells.filter((_, i) => app[i].refused === undefined);
    const refusedCli = await cliReadings(column);
    const acceptedCli = await cliReadings({ ...column, cells: accepted });
    const cli = column.cells.map((_, i) =>
      app[i].refused === undefined ? acceptedCli[accepted.indexOf(column.cells[i])] : refusedCli[i],
    );
    expect(cli).toEqual(app);
    // The cases are chosen so that both outcomes and notices occur in every column.
    expect(app.some((r) => r.refused !== undefined)).toBe(true);
    expect(app.some((r) => r.value !== undefined && r.notices.length > 0)).toBe(true);
  });

  it('reads the cells the issue names alike, to the values people meant', async () => {
    const byField = Object.fromEntries(
      await Promise.all(COLUMNS.map(async (c) => [c.field, await appReadings(c)] as const)),
    );
    expect(byField.staffTotal[0]).toMatchObject({ value: 50 });
    expect(byField.seniorStaffRatio[0]).toMatchObject({ value: 65 });
    expect(byField.seniorStaffRatio[1]).toMatchObject({ value: 7 });
    expect(byField.equipmentValue[0]).toMatchObject({ value: 1000 });
    expect(byField.equipmentValue[1]).toMatchObject({ value: 1000 });
    expect(byField.ownFloorArea[0]).toMatchObject({ value: 150 });
    expect(byField.seniorStaffRatio[8].refused).toContain('有效数字超过15位');
    expect(byField.staffTotal[4].refused).toContain('应为整数');
    expect(byField.equipmentValue[5].refused).toContain('不能为负数');
    expect(byField.seniorStaffRatio[6].refused).toContain('0–100');
  });
});

describe('pingshen eligibility on cells typed as people type them', () => {
  const ratioRule = {
    eligibility: [
      {
        id: 'ratio',
        label: '高级人才占比60%以上',
        conditions: [{ id: 'r', label: '占比', field: 'seniorStaffRatio', op: '>=', value: 60, unit: '%' }],
      },
    ],
  };

  it('reads 65% typed in Excel (0.65, format 0%) as 65 %: 符合, with a notice on stderr and in --json', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['编号', 'seniorStaffRatio'],
      ['A1', 0],
    ]);
    sheet.B2 = n(0.65, '0%');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
    const file = join(tmp, 'ratio.xlsx');
    writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    writeFileSync(join(tmp, 'ratio-rules.json'), JSON.stringify(ratioRule));
    const text = await runCli(['eligibility', '--scheme', join(tmp, 'ratio-rules.json'), '--in', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('A1：符合基本条件');
    expect(text.stderr).toMatch(/提示：工作表“Sheet1”第2行列“seniorStaffRatio”：.*按65%读取/);
    const json = await runCli([
      'eligibility',
      '--scheme',
      join(tmp, 'ratio-rules.json'),
      '--in',
      file,
      '--json',
    ]);
    const out = JSON.parse(json.stdout) as { results: { overall: string }[]; notices: string[] };
    expect(out.results[0].overall).toBe('eligible');
    expect(out.notices).toEqual([expect.stringMatching(/第2行.*按65%读取/)]);
  });

  it('refuses 59.99999999999999999 from JSON, naming its place, instead of passing it as 60', async () => {
    const file = join(tmp, 'ratio.json');
    writeFileSync(
      file,
      '{"applications": [{"id": "A1", "data": {"seniorStaffRatio": 59.99999999999999999}}]}',
    );
    writeFileSync(join(tmp, 'ratio-rules.json'), JSON.stringify(ratioRule));
    const run = await runCli(['eligibility', '--scheme', join(tmp, 'ratio-rules.json'), '--in', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'applications[0].data.seniorStaffRatio：数值 59.99999999999999999 有效数字超过15位',
    );
    expect(run.stdout).toBe('');
  });
});
