// GET /api/v1/sheets/:sheetId → the caller's own sheet; PUT {version, scores, comment?,
// vetoProposals?} → saves the draft (409 with the current sheet on a stale version, 400 naming the
// criteria). Someone else's sheet is 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getMySheet, saveDraft } from '#app/models/sheet.server';
import { requirePermission } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readJson, sheetParams } from './__scoring-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  const { sheetId } = sheetParams(params);
  return outcomeResponse(await getMySheet(user.id, sheetId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  if (request.method !== 'PUT') return methodNotAllowed('GET, PUT');
  const { sheetId } = sheetParams(params);
  return outcomeResponse(await saveDraft(user.id, sheetId, await readJson(request)));
}
