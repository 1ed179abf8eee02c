// GET /api/v1/rounds/:roundId/results[?panelId=&group=] → {version, results}: every item's score
// (a JSON number with the scheme's decimals), grade, rank, status, experts, flags, provisional —
// for the agency, department and admin the whole round; for a chair their own panels; for an
// expert (when the round reveals it) the items whose own sheet is in; 403 for anyone else.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { roundResults } from '#app/models/result.server';
import { requireUser } from '#app/utils/auth.server';
import { roundParams } from './__review-api.server';

const querySchema = z.strictObject({
  panelId: z.string().min(1).max(64).optional(),
  group: z.string().max(100).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { roundId } = roundParams(params);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: '查询参数只支持 panelId 和 group' }, { status: 400 });
  const query = parsed.data;
  const answer = await roundResults(roundId, user, query);
  if (!answer.exists) return Response.json({ error: '评审工作不存在' }, { status: 404 });
  if (answer.scope === 'none')
    return Response.json({ error: '无权查看该评审工作的评分结果' }, { status: 403 });
  return Response.json({ version: answer.version, results: answer.results, visible: answer.visible });
}
