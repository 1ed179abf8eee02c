// GET /api/v1/rounds/:roundId/sheets?format=case|scheme|xlsx[&panelId=…] (issue 9 §5)
//   case   → the submitted and locked sheets in the `pingshen grade` input format (JSON)
//   scheme → the round's scheme, the file for `pingshen grade --scheme`
//   xlsx   → the 汇总表 (item × expert × criterion, totals, aggregate and grade)
// result:read holders for the whole round (or one panel); a panel's chair for that panel only.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import {
  EXPORT_FORMATS,
  caseFile,
  exportFileName,
  exportScope,
  schemeFile,
  summaryWorkbook,
} from '#app/models/sheet-export.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { XLSX_TYPE } from './__round-api.server';
import { roundParams } from './__review-api.server';

const querySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: 'format 应为 case、scheme 或 xlsx' }),
  panelId: z.string().min(1, { error: 'panelId 不能为空' }).max(64, { error: 'panelId 过长' }).optional(),
});

function disposition(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { roundId } = roundParams(params);
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const scoped = await exportScope(user, roundId, query.success ? (query.data.panelId ?? null) : null);
  // A missing round is a 404 whatever the query; the query is checked before anything is read.
  if (!scoped.ok && scoped.status === 404) return outcomeResponse(scoped);
  if (!query.success) {
    const issue = query.error.issues[0];
    const field = issue?.path[0] ? String(issue.path[0]) : 'format';
    return Response.json(
      {
        error:
          issue?.code === 'unrecognized_keys' ? `不支持的查询参数：${issue.keys.join('、')}` : issue?.message,
        fieldErrors: { [field]: issue?.message ?? '输入有误' },
      },
      { status: 400 },
    );
  }
  if (!scoped.ok) return outcomeResponse(scoped);
  const { scope } = scoped;
  const format = query.data.format;
  const fileName = exportFileName(scope, format);
  const headers = { 'Cache-Control': 'no-store' };
  if (format === 'xlsx') {
    const bytes = await summaryWorkbook(scope, user);
    return new Response(new Uint8Array(bytes), {
      headers: {
        ...headers,
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': disposition(fileName, 'summary.xlsx'),
      },
    });
  }
  const body = format === 'scheme' ? await schemeFile(scope) : await caseFile(scope);
  return new Response(JSON.stringify(body, null, 2) + '\n', {
    headers: {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': disposition(fileName, format === 'scheme' ? 'scheme.json' : 'case.json'),
    },
  });
}
