// Strict calendar dates (日期). Policy texts contain impossible dates such as "2022年6月31日"; a date
// library would roll that over to 2022-07-01 without a word, so we check the day against the month
// ourselves and answer with a Chinese message instead. All dates are ISO 'YYYY-MM-DD' strings.
import type { Problem, Result } from './types';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
// Digits may be full-width (２０２２年) and separated by spaces ("2026 年 2 月 1 日"), as in the texts.
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
// Spreadsheet cells often hold 2022/6/30, 2022.6.30 or 2022-6-30.
const LOOSE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
// Range separators used in the documents: 至, 到, ~, ～, —, –, or a hyphen with spaces around it.
const RANGE_SEPARATOR = /\s*(?:至|到|~|～|—|–)\s*|\s+-\s+/;
// A bare hyphen separates two dates only when neither date uses hyphens itself (2021.7.1-2022.6.30).
const BARE_HYPHEN_RANGE = /^([^-]+)-([^-]+)$/;

export interface DateRange {
  from: string;
  to: string;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toHalfWidth(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
}

function invalid(input: string, why: string): Result<string> {
  return {
    ok: false,
    problems: [{ code: 'date_invalid', message: `${input}不是有效日期：${why}` }],
  };
}

function unrecognised(input: string): Result<string> {
  return {
    ok: false,
    problems: [
      {
        code: 'date_format',
        message: `“${input}”不是可识别的日期，请写作 2022-06-30 或 2022年6月30日`,
      },
    ],
  };
}

function checkParts(input: string, year: number, month: number, day: number): Result<string> {
  if (year < 1) return invalid(input, '年份应为公元1年及以后');
  if (month < 1 || month > 12) return invalid(input, `月份应在1到12之间，没有${month}月`);
  const last = daysInMonth(year, month);
  if (day < 1) return invalid(input, '日应从1日开始');
  if (day > last) {
    const monthName = month === 2 ? `${year}年2月` : `${month}月`;
    return invalid(input, `${monthName}只有${last}天`);
  }
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: iso };
}

/** Strict ISO 8601 calendar date 'YYYY-MM-DD'; never rolls an impossible day over. */
export function parseIsoDate(s: string): Result<string> {
  const m = ISO.exec(s.trim());
  if (!m) return unrecognised(s);
  return checkParts(s.trim(), Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Chinese written date "2022年6月30日" (full-width digits and spaces allowed) → ISO. */
export function parseChineseDate(s: string): Result<string> {
  const text = toHalfWidth(s);
  const m = CHINESE.exec(text);
  if (!m) return unrecognised(s);
  return checkParts(text, Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Any of the forms people type: ISO, Chinese, 2022/6/30, 2022.6.30, 2022-6-30 → ISO. */
export function parseDate(s: string): Result<string> {
  const text = toHalfWidth(s);
  if (CHINESE.test(text)) return parseChineseDate(text);
  const m = LOOSE.exec(text);
  if (!m) return unrecognised(s);
  return checkParts(text, Number(m[1]), Number(m[3]), Number(m[4]));
}

/**
 * A statistics window (统计区间) such as "2021年7月1日至2022年6月30日". Both ends are checked and
 * every problem is reported; the start may equal the end but not come after it.
 */
export function parseDateRange(s: string): Result<DateRange> {
  const text = toHalfWidth(s);
  let parts = text.split(RANGE_SEPARATOR);
  const bare = BARE_HYPHEN_RANGE.exec(text);
  if (parts.length === 1 && bare) parts = [bare[1].trim(), bare[2].trim()];
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return {
      ok: false,
      problems: [
        {
          code: 'date_range_format',
          message: `“${s}”不是可识别的日期区间，请写作 2021年7月1日至2022年6月30日`,
        },
      ],
    };
  }
  const from = parseDate(parts[0]);
  const to = parseDate(parts[1]);
  const problems: Problem[] = [];
  if (!from.ok) problems.push(...from.problems.map((p) => ({ ...p, message: `起始日期${p.message}` })));
  if (!to.ok) problems.push(...to.problems.map((p) => ({ ...p, message: `结束日期${p.message}` })));
  if (!from.ok || !to.ok) return { ok: false, problems };
  if (from.value > to.value) {
    return {
      ok: false,
      problems: [
        {
          code: 'date_range_order',
          message: `日期区间“${s}”的起始日期${from.value}晚于结束日期${to.value}`,
        },
      ],
    };
  }
  return { ok: true, value: { from: from.value, to: to.value } };
}

// ---------- Civil-day arithmetic for the working-day calendar ----------
// Days since 1970-01-01 in the proleptic Gregorian calendar, without Date or time zones.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const shifted = z + 719468;
  const era = Math.floor(shifted / 146097);
  const doe = shifted - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

function isoParts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** The ISO date `n` calendar days after `iso` (n may be negative). Expects a valid ISO date. */
export function addCalendarDays(iso: string, n: number): string {
  const [y, m, d] = civilFromDays(daysFromCivil(...isoParts(iso)) + n);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. Expects a valid ISO date. */
export function isoWeekday(iso: string): number {
  // 1970-01-01 was a Thursday (4).
  const days = daysFromCivil(...isoParts(iso));
  return ((((days + 3) % 7) + 7) % 7) + 1;
}
