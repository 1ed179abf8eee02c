// POST /api/v1/experts/import → preview of an expert workbook (nothing written), or with commit=1
// (query or form field) the all-or-nothing import. Body: multipart field "file", or the raw xlsx,
// read like the round import (app/utils/upload.server.ts, then the sandboxed reader): 413 over 10 MB,
// 400 not an xlsx workbook, 422 over a limit or 文件处理超时或过大，已拒绝.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { importExperts } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { jsonError } from '#app/utils/http.server';
import { readWorkbookUpload } from '#app/utils/upload.server';
import { methodNotAllowed, problemsBody, resultResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  return methodNotAllowed('POST');
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const upload = await readWorkbookUpload(request);
  if (!upload.ok) return jsonError(upload.status, upload.message);
  const commit =
    new URL(request.url).searchParams.get('commit') === '1' || upload.fields.get('commit') === '1';
  const result = await importExperts(user.id, upload.bytes, upload.fileName, { commit });
  if (!result.ok && result.status)
    return Response.json(problemsBody(result.problems), { status: result.status });
  return resultResponse(result, '');
}
