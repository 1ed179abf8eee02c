// POST /api/v1/panels/:panelId/items/:itemId/lock → 锁定 the item's sheets in that panel, by the
// panel's chair or the agency, once every expected sheet is submitted (409 naming who is missing).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { lockItem } from '#app/models/sheet.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { panelItemParams, readBody } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { panelId, itemId } = panelItemParams(params);
  await readBody(request, z.strictObject({}));
  return outcomeResponse(await lockItem(user, panelId, itemId));
}
