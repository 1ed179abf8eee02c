// POST /api/v1/rounds/:roundId/import?dryRun=1 → preview: every problem by sheet, row and column,
// and per unit the planned action and eligibility pre-check; nothing is written.
// POST /api/v1/rounds/:roundId/import → the all-or-nothing import (201), or 400 with the problems.
// Body: multipart field "file", or the raw xlsx (Content-Type application/vnd.openxmlformats-…)
// with ?fileName=. Read through app/utils/upload.server.ts and the sandboxed reader: a body over
// 10 MB → 413 (counted while it streams); not an xlsx workbook (.xls/.xlsb/.ods/CSV, even renamed
// .xlsx) → 400; over a limit (uncompressed size, sheets, merges, cell length) or 文件处理超时或过大，已拒绝
// → 422, each with the Chinese message in `error` and `problems`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { commitItemsImport, previewItemsImport } from '#app/models/import.server';
import { requirePermission } from '#app/utils/auth.server';
import { jsonError, notFound } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { readWorkbookUpload } from '#app/utils/upload.server';
import { methodNotAllowed, problemsBody, roundParams } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'item:import');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'item:import');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { roundId } = roundParams(params);
  const upload = await readWorkbookUpload(request);
  if (!upload.ok) return jsonError(upload.status, upload.message);
  const url = new URL(request.url);
  const dryRun = url.searchParams.get('dryRun') === '1' || upload.fields.get('dryRun') === '1';
  if (dryRun) {
    const preview = await previewItemsImport(roundId, upload.bytes, upload.fileName);
    if (!preview) return notFound('评审工作不存在');
    if (preview.refused)
      return Response.json({ ...problemsBody(preview.problems), preview }, { status: preview.refused });
    return Response.json({ preview });
  }
  // 201 { batchId, created, updated, preview }; 404; 400 { error, fieldErrors, problems, preview }.
  return outcomeResponse(await commitItemsImport(roundId, upload.bytes, upload.fileName, user.id), {
    status: 201,
  });
}
