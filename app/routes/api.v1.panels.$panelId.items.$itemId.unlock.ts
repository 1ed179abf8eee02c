// POST /api/v1/panels/:panelId/items/:itemId/unlock {reason} → 解锁, the agency only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { unlockItem } from '#app/models/sheet.server';
import { requirePermission } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { panelItemParams, readBody, reasonBody } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'panel:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { panelId, itemId } = panelItemParams(params);
  const { reason } = await readBody(request, reasonBody('解锁理由'));
  return outcomeResponse(await unlockItem(user, panelId, itemId, reason));
}
