// Server side of the expert's scoring page (_app.sheets.$sheetId.tsx): its zod schemas live here,
// not in the route module, so the browser bundle of that page never reaches zod (esbuild keeps a
// route's import of zod's shared chunk even when nothing of it is used: ≈ 90 KB gzipped).
import { z } from 'zod';
import { reasonSchema } from '#app/utils/sheet-schema';

export const sheetParamsSchema = z.object({ sheetId: z.string().min(1).max(64) });

export const recuseFormSchema = z.object({
  intent: z.literal('recuse', { error: '未知操作' }),
  reason: reasonSchema('回避理由'),
});
