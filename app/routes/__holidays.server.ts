// Schemas of the holiday page (/admin/holidays), kept out of the route module so the browser does
// not load zod. The schedule itself is validated by the model (app/models/holiday.server.ts).
import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from '#app/models/holiday.server';

const year = z.coerce
  .number({ error: '年份应为数字' })
  .int({ error: '年份应为整数' })
  .min(MIN_YEAR, { error: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` })
  .max(MAX_YEAR, { error: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` });

export const holidayActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('replace'),
      year,
      lines: z.string({ error: '请粘贴节假日安排，每行一条' }),
    }),
    z.object({ intent: z.literal('delete'), year }),
  ],
  { error: '未知操作' },
);

// ?year= picks the year to edit; ?start=&days= tries a 公示 period.
export const holidayQuerySchema = z.object({
  year: year.optional().catch(undefined),
  start: z.string().trim().max(20).optional().catch(undefined),
  days: z.coerce.number().int().min(1).max(60).optional().catch(undefined),
});
