// POST /api/v1/sheets/:sheetId/recuse {reason} → 申请回避 by the sheet's own expert.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { recuseSelf } from '#app/models/sheet.server';
import { requirePermission } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readBody, reasonBody, sheetParams } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'score:sheet:own');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { sheetId } = sheetParams(params);
  const { reason } = await readBody(request, reasonBody('回避理由'));
  return outcomeResponse(await recuseSelf(user.id, sheetId, reason));
}
