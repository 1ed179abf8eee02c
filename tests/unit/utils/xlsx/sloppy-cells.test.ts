// Workbooks as agencies and platforms really send them: the app's template filled by another
// program, then edited with SheetJS cell by cell (text numbers with units, dates as serials and as
// text, full-width characters, hidden sheets, a heading row above the header).
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { previewImport } from '#app/utils/xlsx/import-preview';
import { physicalHeaders, workbookSpec } from '#app/utils/xlsx/spec';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';

const asOf = '2025-12-31';

function letterOf(sheet: string, header: string): string {
  const spec = workbookSpec('application').sheets.find((s) => s.name === sheet);
  if (!spec) throw new Error(sheet);
  let c = 0;
  for (const column of spec.columns) {
    const headers = physicalHeaders(column);
    const i = headers.indexOf(header);
    if (i >= 0) return XLSX.utils.encode_col(c + i);
    c += headers.length;
  }
  throw new Error(header);
}

/** A valid two-unit 申报书, edited with SheetJS before it is read. */
function edited(edit: (book: XLSX.WorkBook) => void, rows = applicationRows(2)): Buffer {
  const book = XLSX.read(filledWorkbook('application', rows), { type: 'buffer' });
  edit(book);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

function setCell(sheet: string, header: string, row: number, cell: XLSX.CellObject) {
  return (book: XLSX.WorkBook) => {
    book.Sheets[sheet][`${letterOf(sheet, header)}${row}`] = cell;
  };
}

const preview = async (bytes: Buffer) => await previewImport(bytes, 'application', { asOf });

describe('numbers typed with separators and units', () => {
  const equipment = '技术服务设备原值（万元）';

  it.each([
    ['1,000', 1000],
    ['１，２００', 1200],
    [' 1200 ', 1200],
    ['1,000万元', 1000],
    ['1000万', 1000],
    ['1,000 万元', 1000],
  ])('reads “%s” in a 万元 column as %d', async (text, value) => {
    const p = await preview(edited(setCell('基本信息', equipment, 2, { t: 's', v: text })));
    expect(p.problems).toEqual([]);
    expect(p.units[0].data.equipmentValue).toBe(value);
  });

  it('refuses an amount in another unit, naming the unit the column expects', async () => {
    const p = await preview(edited(setCell('基本信息', equipment, 2, { t: 's', v: '10000元' })));
    expect(p.problems.map((q) => q.message)).toEqual([
      '基本信息第2行AK列（技术服务设备原值（万元））：单位应为万元，实际为“10000元”；请换算为万元后只填数字',
    ]);
  });

  it('reads a count written with its unit (１２０人)', async () => {
    const p = await preview(
      edited(setCell('人员情况', '专职从业人员总数（人）', 2, { t: 's', v: '１２０人' })),
    );
    expect(p.problems).toEqual([]);
    expect(p.units[0].data.staffTotal).toBe(120);
  });
});

describe('dates as serials and as text', () => {
  it('reads an Excel date serial and text with full-width digits and hyphens', async () => {
    const p = await preview(
      edited((book) => {
        setCell('基本信息', '注册日期', 2, { t: 'n', v: 42000, z: 'yyyy-mm-dd' })(book);
        setCell('基本信息', '注册日期', 3, { t: 's', v: '２０１５－０３－２０' })(book);
      }),
    );
    expect(p.problems).toEqual([]);
    expect(p.units.map((u) => u.data.registeredDate)).toEqual(['2014-12-27', '2015-03-20']);
  });

  it('refuses serials that are no calendar day: a time of day, and Excel’s 1900-02-29', async () => {
    const p = await preview(
      edited((book) => {
        setCell('基本信息', '注册日期', 2, { t: 'n', v: 0.5, z: 'hh:mm' })(book);
        setCell('基本信息', '注册日期', 3, { t: 'n', v: 60 })(book);
      }),
    );
    expect(p.problems.map((q) => `${q.row}${q.column}:${q.code}`)).toEqual([
      '2P:date_invalid',
      '3P:date_invalid',
    ]);
    expect(p.problems.every((q) => /注册日期/.test(q.message))).toBe(true);
  });

  it.each(['2022/6/31', '2022年6月31日'])(
    'refuses the impossible date %s without rolling it over',
    async (text) => {
      const p = await preview(edited(setCell('基本信息', '注册日期', 2, { t: 's', v: text })));
      expect(p.problems.map((q) => q.message)).toEqual([
        `基本信息第2行P列（注册日期）：${text}不是有效日期：6月只有30天`,
      ]);
    },
  );
});

describe('percentages written as fractions', () => {
  const header = '硕士及以上学历或中级及以上职称人员比例（%）';

  it('reads 55% formatted and 55 typed as 55', async () => {
    const p = await preview(
      edited((book) => {
        setCell('人员情况', header, 2, { t: 'n', v: 0.55, z: '0%' })(book);
        setCell('人员情况', header, 3, { t: 's', v: '55%' })(book);
      }),
    );
    expect(p.problems).toEqual([]);
    expect(p.units.map((u) => u.data.seniorStaffRatio)).toEqual([55, 55]);
  });

  it('warns, naming the cell, when a bare fraction such as 0.55 probably means 55%', async () => {
    const p = await preview(edited(setCell('人员情况', header, 2, { t: 'n', v: 0.55 })));
    expect(p.problems).toEqual([]);
    expect(p.warnings.map((w) => w.message)).toContainEqual(
      '人员情况第2行C列（硕士及以上学历或中级及以上职称人员比例（%））：填写的是0.55，按0.55%读取；如指55%，请填写55',
    );
  });
});

describe('layout changes people make', () => {
  it('finds the header below a heading row someone added above it', async () => {
    const bytes = edited((book) => {
      const ws = book.Sheets['基本信息'];
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
      const moved = XLSX.utils.aoa_to_sheet([['一、申报单位基本信息'], ...aoa]);
      moved['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 10 } }];
      book.Sheets['基本信息'] = moved;
    });
    const p = await preview(bytes);
    expect(p.problems).toEqual([]);
    expect(p.units.map((u) => u.row)).toEqual([3, 4]);
  });

  it('warns about a template sheet that is hidden in the file, and still reads it', async () => {
    const bytes = edited((book) => {
      book.Workbook = {
        Sheets: book.SheetNames.map((name) => ({
          name,
          Hidden: name === '仪器设备' || name === '选项' ? 1 : 0,
        })),
      };
    });
    const p = await preview(bytes);
    expect(p.problems).toEqual([]);
    expect(p.warnings.map((w) => w.message)).toEqual([
      '工作表“仪器设备”在文件中被隐藏，其内容仍会导入，请确认',
    ]);
    expect(p.units[0].details['仪器设备']).toHaveLength(1);
  });

  it('explains a used range that reaches far below the data instead of claiming a million rows', async () => {
    const bytes = edited((book) => {
      book.Sheets['项目成果']['!ref'] = 'A1:D1048576';
    });
    expect((await preview(bytes)).problems.map((q) => q.message)).toEqual([
      '工作表“项目成果”的已用区域延伸到第1048576行，超过10000行上限；如下方只是空行或格式，请删除这些行后再导入，否则请拆分后分批导入',
    ]);
  });
});

describe('too many detail rows for one unit', () => {
  it('is one problem per unit and sheet, not one per extra row', async () => {
    const rows = applicationRows(1);
    const uscc = usccFor(1);
    rows.近三年运营 = [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((year) => ({
      uscc,
      year,
      revenue: 1000,
      relatedIncome: 800,
    }));
    const p = await preview(filledWorkbook('application', rows));
    expect(p.problems.map((q) => q.message)).toEqual([
      `近三年运营第5行：单位${uscc}在本表最多填写3行，实际填写了7行（第5至8行超出）`,
    ]);
  });
});
