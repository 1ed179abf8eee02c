// The sandboxed reader on its own: hostile files are refused with a status and a Chinese message,
// break nothing in this process, and merged ranges are looked up without being expanded.
import { afterAll, describe, expect, it } from 'vitest';
import { MergeIndex, sheetCell, WORKBOOK_LIMITS, type PlainSheet } from '#app/utils/xlsx/plain';
import { closeSandbox, readWorkbookInSandbox, SANDBOX_REFUSED } from '#app/utils/xlsx/sandbox';
import {
  applicationRows,
  filledApplication,
  filledWorkbook,
  rawWorkbook,
} from '#tests/fixtures/xlsx/factory';
import {
  otherFormat,
  prototypeCommentXlsx,
  unclosedSheetDataXlsx,
  withHugeMerges,
  zipBombXlsx,
} from '#tests/fixtures/xlsx/hostile';

afterAll(closeSandbox);

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

describe('readWorkbookInSandbox', () => {
  it('returns plain cells: raw value, type, number format and formatted text, and merges as ranges', async () => {
    const bytes = rawWorkbook(
      {
        表: [
          ['名称', '比例'],
          ['甲', 0.45],
        ],
      },
      (book) => {
        book.Sheets['表'].B2.z = '0%';
        book.Sheets['表']['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }];
      },
    );
    const read = await readWorkbookInSandbox(bytes);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const sheet = read.book.sheets.get('表') as PlainSheet;
    expect(read.book.sheetNames).toEqual(['表']);
    expect(sheet.rows[1][1]).toMatchObject({ t: 'n', v: 0.45, z: '0%', w: '45%' });
    expect(sheet.merges).toEqual([{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }]);
    expect(sheetCell(sheet, 0, 1, new MergeIndex(sheet.merges))?.v).toBe('名称');
  });

  it('leaves Object.prototype alone when a comment is anchored at "__proto__" (CVE-2023-30533)', async () => {
    const before = prototypeKeys();
    const read = await readWorkbookInSandbox(prototypeCommentXlsx());
    expect(prototypeKeys()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).t).toBeUndefined();
    // Read or refused, the answer is data, never a thrown error.
    if (read.ok) expect(read.book.sheetNames).toEqual(['基本信息']);
    else expect(read.status).toBeGreaterThanOrEqual(400);
  });

  it('answers an unclosed <sheetData> (CVE-2024-22363 style) within its time limit', async () => {
    const started = Date.now();
    const read = await readWorkbookInSandbox(unclosedSheetDataXlsx(), { timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(read.ok || read.status >= 400).toBe(true);
  });

  it('refuses a zip bomb unopened when it declares its size, and in the worker when it lies', async () => {
    const honest = await readWorkbookInSandbox(await zipBombXlsx(400, true));
    expect(honest).toMatchObject({ ok: false, status: 422 });
    if (!honest.ok) expect(honest.problems[0].message).toMatch(/解压后超过150MB上限/);
    const rss = process.memoryUsage().rss;
    const lying = await readWorkbookInSandbox(await zipBombXlsx(400, false), { timeoutMs: 15_000 });
    // SheetJS 0.20.3 inflates no more than the declared size; whatever it makes of the rest, none of
    // the 400 MB reaches this thread: refused, or a sheet without rows.
    if (lying.ok) expect(lying.book.sheets.get('基本信息')?.rows.length ?? 0).toBeLessThan(2);
    else expect([400, 422]).toContain(lying.status);
    // The worker's heap is capped; this process did not take the 400 MB (plus SheetJS's copies).
    expect(process.memoryUsage().rss - rss).toBeLessThan((WORKBOOK_LIMITS.heapMb + 300) * 1024 * 1024);
  }, 60_000);

  it('refuses .xlsb and .ods bytes renamed .xlsx, and old .xls', async () => {
    for (const bookType of ['xlsb', 'ods'] as const) {
      const read = await readWorkbookInSandbox(otherFormat(bookType));
      expect(read).toMatchObject({ ok: false, status: 400 });
      if (!read.ok) expect(read.problems[0].message).toMatch(/^文件不是 xlsx 格式/);
    }
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await readWorkbookInSandbox(ole)).toMatchObject({ ok: false, status: 400 });
  });

  it('terminates a reading that passes its wall-clock limit: 422 文件处理超时或过大，已拒绝', async () => {
    const read = await readWorkbookInSandbox(filledApplication(300), { timeoutMs: 1 });
    expect(read).toEqual({
      ok: false,
      status: 422,
      problems: [{ code: 'file_refused', message: SANDBOX_REFUSED }],
    });
    // The next file is read by a fresh worker.
    expect((await readWorkbookInSandbox(filledApplication(2))).ok).toBe(true);
  });

  it('keeps 600 merged ranges of 10,000 × 200 cells as ranges: read and looked up in well under a second', async () => {
    const bytes = withHugeMerges(filledWorkbook('application', applicationRows(3)), '基本信息');
    const read = await readWorkbookInSandbox(bytes);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const sheet = read.book.sheets.get('基本信息') as PlainSheet;
    expect(sheet.merges).toHaveLength(600);
    const started = performance.now();
    const index = new MergeIndex(sheet.merges);
    let found = 0;
    for (let r = 0; r < 10_000; r++) for (let c = 0; c < 200; c += 7) if (index.find(r, c)) found++;
    expect(found).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
