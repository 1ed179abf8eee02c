// GET /api/v1/experts/template → the empty expert workbook (专家库导入模板);
// ?withData=1 → the whole pool in the same layout, to edit and import back.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { expertWorkbook } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const withData = new URL(request.url).searchParams.get('withData') === '1';
  const body = await expertWorkbook(withData);
  const name = withData ? '专家库.xlsx' : '专家库导入模板.xlsx';
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="experts.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    },
  });
}
