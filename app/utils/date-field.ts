// A date typed in a form or a query, as a zod field: read by the engine's parseDate, so impossible
// dates (2022年6月31日) are refused with its message, never rolled over.
import { z } from 'zod';
import { parseDate } from '#scoring/dates';

export function dateField(label: string) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      const parsed = parseDate(s);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: `${label}：${parsed.problems[0].message}` });
      return z.NEVER;
    });
}

/** An empty or blank form value as "not given". */
export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** An optional date: blank means not given. */
export const optionalDateField = (label: string) =>
  z.preprocess(emptyToUndefined, dateField(label).optional());
