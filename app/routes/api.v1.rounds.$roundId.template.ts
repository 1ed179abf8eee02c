// GET /api/v1/rounds/:roundId/template → the round's blank xlsx: 申报书 for a recognition round,
// 年度运行情况表 otherwise, with instructions, drop-downs and a 补充数据 sheet when the round's
// eligibility rules need data the form does not ask for.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { roundTemplate } from '#app/models/import.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { xlsxResponse } from './__round-api.server';
import { roundParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const template = await roundTemplate(roundId);
  if (!template) return notFound('评审工作不存在');
  return xlsxResponse(template.bytes, template.fileName);
}
