// 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
//
// 18 characters: 1 registration-authority code (登记管理部门代码), 1 institution-category code
// (机构类别代码), 6 digits of the registering authority's administrative division (登记管理机关行政区划码),
// 9 characters of the organisation code (主体标识码, GB 11714), and 1 check character (校验码).
// The character set is the digits and the capital letters without I, O, Z, S, V, so that no
// character can be misread as another; each character's value is its index in that set.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const MODULUS = 31;
// Weight of position i (1-based) is 3^(i-1) mod 31, as tabulated in the standard.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// Registration authorities and the institution categories each may issue (GB 32100-2015 附录 A,
// with the later additions for 中央军委改革和编制办公室 'A' and 农业农村部门 'N').
const CATEGORIES: Readonly<Record<string, { authority: string; categories: string }>> = {
  '1': { authority: '机构编制', categories: '1239' },
  '2': { authority: '外交', categories: '19' },
  '3': { authority: '司法行政', categories: '1234569' },
  '4': { authority: '文化', categories: '19' },
  '5': { authority: '民政', categories: '1239' },
  '6': { authority: '旅游', categories: '129' },
  '7': { authority: '宗教', categories: '129' },
  '8': { authority: '工会', categories: '19' },
  '9': { authority: '工商', categories: '123' },
  A: { authority: '中央军委改革和编制办公室', categories: '19' },
  N: { authority: '农业', categories: '1239' },
  Y: { authority: '其他', categories: '1' },
};

function charValue(c: string): number {
  return CHARSET.indexOf(c);
}

/**
 * The check character (第18位校验码) for the first 17 characters of a code.
 * Throws on a programmer error (wrong length or a character outside the GB 32100 set);
 * use `usccProblem` to validate user input.
 */
export function computeUsccCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new Error(`computeUsccCheckChar needs 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(first17[i]);
    if (v < 0) throw new Error(`character ${JSON.stringify(first17[i])} is not in the GB 32100 set`);
    sum += v * WEIGHTS[i];
  }
  const check = (MODULUS - (sum % MODULUS)) % MODULUS;
  return CHARSET[check];
}

/**
 * Canonical form of a code typed or pasted by a person: surrounding and inner whitespace removed,
 * full-width letters and digits (全角) turned into ASCII, letters upper-cased. Does not validate.
 */
export function normaliseUscc(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

/**
 * Why `code` is not a valid 统一社会信用代码, in Chinese, or null when it is valid.
 * The code is checked as given (no normalisation): pass it through `normaliseUscc` first for
 * user input.
 */
export function usccProblem(code: string): string | null {
  if (code.length === 0) return '统一社会信用代码不能为空';
  const chars = Array.from(code);
  if (chars.length !== 18) {
    return `统一社会信用代码应为18位，实际为${chars.length}位`;
  }
  for (let i = 0; i < 18; i++) {
    if (charValue(chars[i]) < 0) {
      return `统一社会信用代码第${i + 1}位“${chars[i]}”不是有效字符（只能是数字和除I、O、Z、S、V以外的大写字母）`;
    }
  }
  const authority = CATEGORIES[chars[0]];
  if (!authority) {
    return `统一社会信用代码第1位登记管理部门代码“${chars[0]}”无效`;
  }
  if (!authority.categories.includes(chars[1])) {
    return `统一社会信用代码第2位机构类别代码“${chars[1]}”对登记管理部门“${authority.authority}”无效`;
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return '统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）';
  }
  const expected = computeUsccCheckChar(code.slice(0, 17));
  if (chars[17] !== expected) {
    return `统一社会信用代码校验位错误：第18位应为“${expected}”，实际为“${chars[17]}”`;
  }
  return null;
}

/** True when `code` is a valid 统一社会信用代码 exactly as given (no normalisation). */
export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
