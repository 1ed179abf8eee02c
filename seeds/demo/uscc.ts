// Generator of valid 统一社会信用代码 for demo organisations (GB 32100-2015): registration
// authority + institution category + 6-digit administrative division + 9-character organisation
// code (GB 11714, itself check-digited) + the GB 32100 check character.
import { computeUsccCheckChar } from '#app/utils/uscc';
import type { Rng } from './random';

// Letters the USCC character set allows (no I, O, S, V, Z).
const USCC_LETTERS = 'ABCDEFGHJKLMNPQRTUWXY';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeValue(c: string): number {
  return /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55; // GB 11714: A = 10 … Z = 35
}

/** GB 11714 check character for an 8-character organisation code body. */
export function orgCodeCheckChar(body: string): string {
  const sum = [...body].reduce((acc, c, i) => acc + orgCodeValue(c) * ORG_CODE_WEIGHTS[i], 0);
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

export type UnitKind = 'enterprise' | 'institution'; // 企业 / 事业单位

export function generateUscc(rng: Rng, divisionCode: string, kind: UnitKind): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new Error(`bad division code ${divisionCode}`);
  let body: string;
  if (kind === 'enterprise' && rng.chance(0.6)) {
    // Codes issued since 2015 carry the 'MA' prefix in the organisation-code part.
    body = 'MA';
    for (let i = 0; i < 6; i++) body += rng.chance(0.7) ? String(rng.int(0, 9)) : rng.pick([...USCC_LETTERS]);
  } else {
    body = '';
    for (let i = 0; i < 8; i++) body += String(rng.int(0, 9));
  }
  const prefix = kind === 'enterprise' ? '91' : '12'; // 工商·企业 / 机构编制·事业单位
  const first17 = `${prefix}${divisionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + computeUsccCheckChar(first17);
}
