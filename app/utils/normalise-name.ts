// Names that identify something (usernames, round names, expert codes, panel names) are compared
// after one normalisation, so that two names a person cannot tell apart are one name: full-width
// letters and digits (ａｇｅｎｃｙ, １２３) become their ordinary forms (NFKC), and invisible format
// characters (zero-width space/joiners, BOM, bidi marks: Unicode category Cf) are removed.

/** NFKC, without format characters (category Cf: U+200B…U+200F, U+2060, U+FEFF, …). */
export function normaliseName(value: string): string {
  return value.normalize('NFKC').replace(/\p{Cf}/gu, '');
}
