// POST /api/v1/panels/:panelId/items/:itemId/absence {expertId, absent, reason?} → 缺席 (or back),
// by the panel's chair or the agency; a reason is required when marking absent.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { markAbsent } from '#app/models/sheet.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { panelItemParams, readBody } from './__scoring-api.server';

const absenceSchema = z.strictObject({
  expertId: z.string({ error: '请指定专家（expertId）' }).min(1, { error: '请指定专家（expertId）' }).max(64),
  absent: z.boolean({ error: 'absent 应为 true 或 false' }),
  reason: z
    .string({ error: '缺席原因应为文字' })
    .trim()
    .max(500, { error: '缺席原因不超过500字' })
    .optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { panelId, itemId } = panelItemParams(params);
  const body = await readBody(request, absenceSchema);
  return outcomeResponse(await markAbsent(user, panelId, itemId, body.expertId, body.absent, body.reason));
}
