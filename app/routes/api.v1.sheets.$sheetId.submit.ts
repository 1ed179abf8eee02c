// POST /api/v1/sheets/:sheetId/submit, header Idempotency-Key, body as PUT → 200 {sheet, result}.
// The same key again answers the same and changes nothing; another key on a submitted sheet → 409.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { submitSheet } from '#app/models/sheet.server';
import { requirePermission } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { idempotencyKeySchema } from '#app/utils/sheet-schema';
import { methodNotAllowed } from './__review-api.server';
import { readJson, sheetParams } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'score:sheet:own');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { sheetId } = sheetParams(params);
  const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? undefined);
  if (!key.success)
    return Response.json(
      {
        error: key.error.issues[0]?.message ?? '缺少 Idempotency-Key 请求头',
        fieldErrors: { 'Idempotency-Key': key.error.issues[0]?.message },
      },
      { status: 400 },
    );
  return outcomeResponse(await submitSheet(user.id, sheetId, await readJson(request), key.data));
}
