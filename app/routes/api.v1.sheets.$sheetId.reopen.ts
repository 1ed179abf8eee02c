// POST /api/v1/sheets/:sheetId/reopen {reason} → 退回修改 by that panel's chair or the agency.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { reopenSheet } from '#app/models/sheet.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readBody, reasonBody, sheetParams } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { sheetId } = sheetParams(params);
  const { reason } = await readBody(request, reasonBody('退回理由'));
  return outcomeResponse(await reopenSheet(user, sheetId, reason));
}
