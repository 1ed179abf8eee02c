import fc from 'fast-check';
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  type CellRule,
  columnCellRule,
  readCell,
  readDecimalText,
  serialDate,
} from '#app/utils/xlsx/cell-rules';
import { workbookSpec } from '#app/utils/xlsx/spec';

const money: CellRule = { kind: 'number', min: 0, max: 100_000_000, unit: '万元' };
const people: CellRule = { kind: 'integer', min: 0, max: 10_000_000, unit: '人' };
const area: CellRule = { kind: 'number', min: 0, max: 10_000_000, unit: '平方米' };
const percent: CellRule = { kind: 'percent' };
const text = (v: string) => ({ t: 's', v });

describe('readCell: quantities', () => {
  it.each([
    [money, '1,000万元', 1000],
    [money, '１０００万元', 1000],
    [money, '1,234,567.5', 1234567.5],
    [money, '1000 万', 1000],
    [people, '50人', 50],
    [area, '150平方米', 150],
    [area, '150㎡', 150],
  ] as const)('%j reads “%s” as %s, with a notice saying what changed', (rule, typed, value) => {
    const r = readCell(rule, text(typed));
    expect(r).toMatchObject({ ok: true, value });
    if (!r.ok) return;
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatchObject({ code: 'cell_converted' });
    expect(r.notices[0].detail).toContain(`“${typed}”按${value}`);
  });

  it('reads plain numbers and number cells without a notice', () => {
    expect(readCell(money, text('1000'))).toEqual({ ok: true, value: 1000, notices: [] });
    expect(readCell(money, { t: 'n', v: 84.12 })).toEqual({ ok: true, value: 84.12, notices: [] });
  });

  it.each([
    [money, '-5', 'out_of_range', '不能为负数'],
    [money, { t: 'n', v: -0.5 }, 'out_of_range', '不能为负数'],
    [people, '50.5', 'type_integer', '应为整数，实际为50.5'],
    [people, '50.5人', 'type_integer', '应为整数'],
    [money, '10000元', 'unit_mismatch', '单位应为万元'],
    [people, '50个', 'unit_mismatch', '单位应为人'],
    [money, '1,5', 'type_number', '应为数字'],
    [money, '1e3', 'type_number', '应为数字'],
    [money, '59.99999999999999999', 'number_precision', '有效数字超过15位'],
    [money, '1,000.00000000000000001万元', 'number_precision', '有效数字超过15位'],
  ] as const)('%j refuses %j (%s)', (rule, cell, code, detail) => {
    const r = readCell(rule, typeof cell === 'string' ? text(cell) : cell);
    expect(r.ok ? null : r.code).toBe(code);
    if (!r.ok) expect(r.detail).toContain(detail);
  });
});

describe('readCell: percentages', () => {
  it('reads a number cell formatted as a percentage (0.65 with 0%) as 65, exactly, with a notice', () => {
    const r = readCell(percent, { t: 'n', v: 0.65, z: '0%', w: '65%' });
    expect(r).toMatchObject({ ok: true, value: 65 });
    expect(r.ok && r.notices.map((n) => n.code)).toEqual(['cell_converted']);
    // 0.07 × 100 is 7.000000000000001 in doubles; the exact reading is 7.
    expect(readCell(percent, { t: 'n', v: 0.07, z: '0.00%' })).toMatchObject({ ok: true, value: 7 });
    expect(readCell(percent, { t: 'n', v: 0.145, z: '0.0%' })).toMatchObject({ ok: true, value: 14.5 });
  });

  it('refuses a share over 100 %, however it is written', () => {
    for (const cell of [text('120'), text('120%'), { t: 'n', v: 1.2, z: '0%' }, { t: 'n', v: -1 }]) {
      const r = readCell(percent, cell);
      expect(r.ok ? null : r.code).toBe('out_of_range');
    }
  });

  it('reads 65, "65%", "６５％" alike; a bare fraction is read as it stands, with a doubt', () => {
    for (const cell of [{ t: 'n', v: 65 }, text('65%'), text('６５％'), text('65')])
      expect(readCell(percent, cell)).toMatchObject({ ok: true, value: 65 });
    const r = readCell(percent, { t: 'n', v: 0.55 });
    expect(r).toMatchObject({ ok: true, value: 0.55 });
    expect(r.ok && r.notices.map((n) => n.code)).toEqual(['cell_doubtful']);
  });

  it('refuses 59.99999999999999999% instead of reading it as 60', () => {
    expect(readCell(percent, text('59.99999999999999999%'))).toMatchObject({
      ok: false,
      code: 'number_precision',
    });
  });
});

describe('readDecimalText', () => {
  it('reads every decimal of up to 15 significant digits exactly, and refuses longer ones that no double holds', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
        fc.nat(20),
        (units, scale) => {
          const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
          const s = `${units < 0n ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
          expect(readDecimalText(s)).toEqual({ ok: true, value: Number(s) });
        },
      ),
    );
    expect(readDecimalText('0.1000000000000000055511151231257827')).toMatchObject({ ok: false });
    expect(readDecimalText('100000000000000000000')).toEqual({ ok: true, value: 1e20 });
  });
});

describe('serialDate', () => {
  it('agrees with SheetJS’s reading of date serials', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 80_000, noNaN: true }), (serial) => {
        const d = XLSX.SSF.parse_date_code(serial);
        const iso = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
        const mine = serialDate(serial);
        if (mine !== null) expect(mine).toBe(iso);
        else expect(d.y < 1900 || d.y > 2100 || iso === '1900-02-29').toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(serialDate(42000)).toBe('2014-12-27');
    expect(serialDate(60)).toBeNull();
  });
});

describe('补充数据 columns', () => {
  it('refuse a negative amount for a catalogue quantity (money, area), as the fixed columns do', () => {
    const spec = workbookSpec('application', [
      {
        id: 'r',
        label: '仪器设备',
        conditions: [
          { id: 'a', label: '仪器设备原值', field: 'instrumentValue', op: '>=', value: 1000 },
          { id: 'b', label: '自定义指标', field: 'agencyScore', op: '>=', value: 1 },
        ],
      },
    ]);
    const extra = spec.sheets.find((sheet) => sheet.name === '补充数据')!;
    const column = (key: string) => extra.columns.find((c) => c.key === key)!;
    const rule = columnCellRule(column('instrumentValue'))!;
    expect(readCell(rule, text('-5'))).toMatchObject({ ok: false, code: 'out_of_range' });
    expect(readCell(rule, text('1,000万元'))).toMatchObject({ ok: true, value: 1000 });
    // A field an agency invented may be negative.
    expect(readCell(columnCellRule(column('agencyScore'))!, text('-5'))).toMatchObject({
      ok: true,
      value: -5,
    });
  });
});
