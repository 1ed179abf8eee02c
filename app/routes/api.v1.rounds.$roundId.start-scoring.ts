// POST /api/v1/rounds/:roundId/start-scoring → 开始专家评审, as the round page's button: the same
// checks (409 with the problems), the scheme frozen, a draft sheet for every seated, not recused
// panel member × item of the panel, and a Result row per item.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { startScoring } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { methodNotAllowed, roundParams } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'round:manage');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { roundId } = roundParams(params);
  const started = await startScoring(roundId, user.id, new Date());
  if (!started.ok)
    return Response.json({ error: started.message, problems: started.problems }, { status: started.status });
  return Response.json({ state: started.state, schemeId: started.schemeId, sheets: started.sheets ?? 0 });
}
