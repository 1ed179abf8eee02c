// POST /api/v1/experts/import → preview of an expert workbook (nothing written), or with commit=1
// (query or form field) the all-or-nothing import. Body: multipart field "file", or the raw xlsx.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { importExperts } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { jsonError } from '#app/utils/http.server';
import { readUpload } from './__expert-upload.server';
import { methodNotAllowed, resultResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  return methodNotAllowed('POST');
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const upload = await readUpload(request);
  if (!upload.ok) return jsonError(upload.status, upload.message);
  const commit =
    new URL(request.url).searchParams.get('commit') === '1' || upload.fields.get('commit') === '1';
  return resultResponse(await importExperts(user.id, upload.file, upload.fileName, { commit }), '');
}
