import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '#cli/read-table';
import { writeXlsx } from '#tests/fixtures/cli/case-files';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-read-table-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// GB18030 bytes of a text, through the runtime's own decoder run backwards (ASCII stays one byte,
// each Chinese character here is one two-byte pair), so no encoder package is needed.
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const pairs = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (!pairs.has(char)) pairs.set(char, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text)
    bytes.push(...(char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : pairs.get(char)!));
  return Buffer.from(bytes);
}

describe('readTable', () => {
  it('keeps spreadsheet row numbers across blank rows and reads typed cells', () => {
    const file = writeXlsx(join(tmp, 'rows.xlsx'), [
      ['id', 'n', 'b'],
      ['P1', 1.5, true],
      [],
      ['P2', null, false],
    ]);
    const result = readTable(file);
    expect(result).toMatchObject({
      ok: true,
      value: {
        sheet: '评分',
        header: ['id', 'n', 'b'],
        headerRow: 1,
        rows: [
          { row: 2, cells: ['P1', 1.5, true] },
          { row: 4, cells: ['P2', null, false] },
        ],
      },
    });
  });

  it('reads CSV as UTF-8 text without type guessing, byte-order mark removed', () => {
    const file = join(tmp, 'zh.csv');
    writeFileSync(file, '\uFEFF评审对象编号,得分\n007,8.5\n');
    expect(readTable(file)).toMatchObject({
      ok: true,
      value: { header: ['评审对象编号', '得分'], rows: [{ row: 2, cells: ['007', '8.5'] }] },
    });
  });

  it('reads a CSV saved by Chinese Excel (GB18030, no byte-order mark)', () => {
    const file = join(tmp, 'gbk.csv');
    const text = '评审对象编号,名称,回避\r\nP1,"检测平台,一期",否\r\n';
    writeFileSync(file, gb18030(text));
    expect(readTable(file)).toMatchObject({
      ok: true,
      value: {
        header: ['评审对象编号', '名称', '回避'],
        rows: [{ row: 2, cells: ['P1', '检测平台,一期', '否'] }],
      },
    });
  });

  it('refuses a workbook whose other worksheets also hold data instead of ignoring them', () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['id'], ['P1']]), '专家1');
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([]), '空表');
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['id'], ['P2']]), '专家2');
    const file = join(tmp, 'two-sheets.xlsx');
    writeFileSync(file, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const result = readTable(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0].message).toContain('专家2');
      expect(result.problems[0].message).not.toContain('空表');
    }
  });

  it('reports error cells (#DIV/0!) with their address and row', () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['id', 'score'],
      ['P1', 1],
    ]);
    sheet.B2 = { t: 'e', v: 7, w: '#DIV/0!' };
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, sheet, 'S');
    const file = join(tmp, 'error.xlsx');
    writeFileSync(file, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const result = readTable(file);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ code: 'cell_error', row: 2, sheet: 'S', message: '单元格 B2 是错误值 #DIV/0!' }],
    });
  });

  it('answers in Chinese for files it cannot use', () => {
    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    expect(readTable(empty)).toMatchObject({ ok: false, problems: [{ code: 'file_unreadable' }] });
    expect(readTable(join(tmp, 'a.ods'))).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('不支持的文件类型') }],
    });
  });
});
