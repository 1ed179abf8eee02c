// Names that identify something (usernames, round names, expert codes, panel names) are normalised
// before they are stored and compared, so two names a person cannot tell apart are one name:
// full-width letters and digits (ａｇｅｎｃｙ, １２３) become their ordinary forms (NFKC applied to
// them), and invisible format characters (zero-width space/joiners, BOM, bidi marks: Unicode
// category Cf) are removed. Full-width punctuation such as （） and ：, which Chinese names use on
// purpose, is kept as typed (full NFKC would turn it into ASCII and change the stored name).

const FULL_WIDTH_ALPHANUMERIC = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

export function normaliseName(value: string): string {
  return value.replace(/\p{Cf}/gu, '').replace(FULL_WIDTH_ALPHANUMERIC, (c) => c.normalize('NFKC'));
}
