// Free-text search (搜索) over lists. Prisma's `contains` becomes SQL LIKE without escaping `%` and
// `_` (and SQLite's LIKE has no escape character unless the query names one), so a search for
// "50%" would match everything. A search text holding them is run as a wider database query and
// then filtered here literally.

/** Whether a search text holds LIKE wildcards that `contains` would not treat literally. */
export function hasLikeWildcards(q: string): boolean {
  return /[%_]/.test(q);
}

/** Literal containment, case-insensitive for ASCII letters as SQLite's LIKE is. */
export function containsLiteral(value: string | null | undefined, q: string): boolean {
  if (!value) return false;
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower(value).includes(lower(q));
}
