// GET /api/v1/sessions/:sessionId/export?table=schedule|sheets|summary|sign-in&format=xlsx[&expertId=…]
// The xlsx twins of the session's printouts (issue 10 §4): 答辩安排表, 专家评分表 (one expert's),
// 汇总表, 签到表, with the same header block (round, panel, session, time printed, audit chain head)
// and the same access rules as the print pages (app/models/session-paper.server.ts).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import {
  paperFileName,
  paperQuerySchema,
  paperSessionVisible,
  paperWorkbook,
  sessionPaper,
} from '#app/models/session-paper.server';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { XLSX_TYPE } from './__round-api.server';

const params = (p: unknown) => parseParams(p, z.object({ sessionId: z.string().min(1).max(64) }));

export async function loader({ request, params: p }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = params(p);
  // A session this user may not follow is a 404 whatever the query.
  if (!(await paperSessionVisible(user, sessionId)))
    return Response.json({ error: '答辩会不存在' }, { status: 404 });
  const query = paperQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    const field = issue?.path[0] ? String(issue.path[0]) : 'table';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `不支持的查询参数：${issue.keys.join('、')}`
        : (issue?.message ?? '输入有误');
    return Response.json({ error: message, fieldErrors: { [field]: message } }, { status: 400 });
  }
  const outcome = await sessionPaper(user, sessionId, query.data.table, { expertId: query.data.expertId });
  if (!outcome.ok) return outcomeResponse(outcome);
  const fileName = paperFileName(outcome.paper);
  return new Response(new Uint8Array(paperWorkbook(outcome.paper)), {
    headers: {
      'Cache-Control': 'no-store',
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${query.data.table}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}
