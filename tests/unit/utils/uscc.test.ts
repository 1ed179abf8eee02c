import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeUsccCheckChar, isValidUscc, normaliseUscc, usccProblem } from '#app/utils/uscc';

// Codes published on business licences (营业执照) and official registries.
const REAL_CODES = [
  '914403001922038216', // 华为技术有限公司 (enterprise, check digit 6)
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司 (letters in the organisation code, check G)
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '91110000802100433B', // enterprise registered in Beijing
  '12100000400000624D', // 事业单位 registered by 机构编制 (authority 1, category 2)
];

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// A structurally valid first-17 string: registration authority 9 (工商), category 1 (企业), a
// 6-digit division code, a 9-character organisation code from the GB 32100 character set.
const first17Arb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 6 }),
    fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 9, maxLength: 9 }),
  )
  .map(([division, org]) => `91${division}${org}`);

describe('computeUsccCheckChar', () => {
  it.each(REAL_CODES)('reproduces the check character of %s', (code) => {
    expect(computeUsccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('maps a weighted sum divisible by 31 to 0, not to 31', () => {
    // All zeros: sum 0 → (31 - 0) mod 31 = 0.
    expect(computeUsccCheckChar('0'.repeat(17))).toBe('0');
  });

  it('throws on programmer errors', () => {
    expect(() => computeUsccCheckChar('91440300192203821')).not.toThrow();
    expect(() => computeUsccCheckChar('9144030019220382')).toThrow(/17/);
    expect(() => computeUsccCheckChar('9144030019220382I')).toThrow(/GB 32100/);
  });
});

describe('usccProblem / isValidUscc', () => {
  it.each(REAL_CODES)('accepts the real code %s', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it('names the expected check character when the last one is wrong', () => {
    expect(usccProblem('914403001922038217')).toBe('统一社会信用代码校验位错误：第18位应为“6”，实际为“7”');
  });

  it('reports empty input and wrong length with the actual length', () => {
    expect(usccProblem('')).toBe('统一社会信用代码不能为空');
    expect(usccProblem('91440300192203821')).toBe('统一社会信用代码应为18位，实际为17位');
    expect(usccProblem('9144030019220382160')).toBe('统一社会信用代码应为18位，实际为19位');
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(usccProblem('9144030019220382𠀀')).toBe('统一社会信用代码应为18位，实际为17位');
  });

  it.each(['I', 'O', 'Z', 'S', 'V', 'a', '-', '６'])(
    'rejects the character %s and names its position',
    (c) => {
      const code = `91440300${c}922038216`;
      expect(usccProblem(code)).toBe(
        `统一社会信用代码第9位“${c}”不是有效字符（只能是数字和除I、O、Z、S、V以外的大写字母）`,
      );
    },
  );

  it('rejects an unknown registration authority and a category the authority does not issue', () => {
    expect(usccProblem('B14403001922038216')).toBe('统一社会信用代码第1位登记管理部门代码“B”无效');
    expect(usccProblem('0' + '14403001922038216')).toBe('统一社会信用代码第1位登记管理部门代码“0”无效');
    expect(usccProblem('94440300192203821X')).toBe(
      '统一社会信用代码第2位机构类别代码“4”对登记管理部门“工商”无效',
    );
  });

  it('requires a 6-digit administrative division code', () => {
    const first17 = '9144A300192203821';
    const code = first17 + computeUsccCheckChar(first17);
    expect(usccProblem(code)).toBe('统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）');
  });

  it('is strict: lower case and surrounding spaces are problems until normalised', () => {
    expect(isValidUscc('9144030071526726xg')).toBe(false);
    expect(isValidUscc(' 914403001922038216')).toBe(false);
    expect(isValidUscc(normaliseUscc(' 9144030071526726xg '))).toBe(true);
  });

  it('accepts every code whose check character was computed (property)', () => {
    fc.assert(fc.property(first17Arb, (first17) => isValidUscc(first17 + computeUsccCheckChar(first17))));
  });

  it('detects every single-character substitution (property)', () => {
    fc.assert(
      fc.property(
        first17Arb,
        fc.integer({ min: 2, max: 17 }),
        fc.integer({ min: 1, max: CHARSET.length - 1 }),
        (first17, pos, shift) => {
          const code = first17 + computeUsccCheckChar(first17);
          const replaced = CHARSET[(CHARSET.indexOf(code[pos]) + shift) % CHARSET.length];
          const mutated = code.slice(0, pos) + replaced + code.slice(pos + 1);
          return !isValidUscc(mutated);
        },
      ),
    );
  });

  it('detects every adjacent transposition of different characters (property)', () => {
    fc.assert(
      fc.property(first17Arb, fc.integer({ min: 8, max: 16 }), (first17, pos) => {
        const code = first17 + computeUsccCheckChar(first17);
        fc.pre(code[pos] !== code[pos + 1]);
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        return !isValidUscc(swapped);
      }),
    );
  });
});

describe('normaliseUscc', () => {
  it('turns full-width characters into ASCII, removes whitespace and upper-cases', () => {
    expect(normaliseUscc('９１４４ ０３００　１９２２０３８２１６')).toBe('914403001922038216');
    expect(normaliseUscc('\t9144030071526726xg\n')).toBe('9144030071526726XG');
  });
});
