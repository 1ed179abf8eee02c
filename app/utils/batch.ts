// 批次 (第X批): people type `第一批`, `第1批`, `1`, `一` or `１`; the round stores the number and every page
// shows `第一批`. One parser and one formatter for the round facts form, the JSON API and imports.

const DIGITS = '一二三四五六七八九';
export const MAX_BATCH = 99;

/** 1–99 written in Chinese numerals (一 … 十 … 九十九), as 第X批 is printed in notices. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH) throw new RangeError(`batch ${n} out of range`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens - 1]}十`;
  return head + (ones === 0 ? '' : DIGITS[ones - 1]);
}

/** `第一批` for 1; '—' style blanks are the caller's business. */
export function formatBatch(n: number): string {
  return `第${chineseNumeral(n)}批`;
}

// 一 … 九十九 (also 两 for 2, 〇/零 never needed below 100); null when not a Chinese numeral.
function fromChinese(text: string): number | null {
  const digit = (c: string) => (c === '两' ? 2 : DIGITS.indexOf(c) + 1 || null);
  if (/^[一二三四五六七八九两]$/.test(text)) return digit(text);
  const m = /^([一二三四五六七八九两]?)十([一二三四五六七八九]?)$/.exec(text);
  if (!m) return null;
  return (m[1] ? digit(m[1])! : 1) * 10 + (m[2] ? digit(m[2])! : 0);
}

export type BatchParse = { ok: true; value: number } | { ok: false; message: string };

/** Reads 第一批 / 第1批 / 1 / 一 / １ (full-width); refuses anything else with a Chinese message. */
export function parseBatch(input: string | number): BatchParse {
  const refused = {
    ok: false as const,
    message: `批次“${String(input).slice(0, 20)}”无法识别，请填写如“第一批”“1”或“一”（1至${MAX_BATCH}）`,
  };
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 1 && input <= MAX_BATCH ? { ok: true, value: input } : refused;
  }
  const text = input
    .normalize('NFKC') // full-width digits and spaces
    .replace(/\s+/g, '');
  const m = /^第?(.+?)批?$/.exec(text);
  if (!m) return refused;
  const core = m[1];
  const value = /^\d{1,2}$/.test(core) ? Number(core) : fromChinese(core);
  return value !== null && value >= 1 && value <= MAX_BATCH ? { ok: true, value } : refused;
}
