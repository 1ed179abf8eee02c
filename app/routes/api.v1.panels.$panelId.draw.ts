// POST /api/v1/panels/:panelId/draw (JSON { seed?, backups?, region?, chair?, excludeConflicted? })
//   → draws the panel's experts with a recorded seed (redraw allowed until items are assigned).
// GET → replays the recorded draw from its seed and pool snapshot: { seed, matches, recorded, replayed }.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { drawPanelExperts, replayPanelDraw } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { parseJson } from '#app/utils/http.server';
import { drawInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, panelParams, resultResponse } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { panelId } = panelParams(params);
  return resultResponse(await replayPanelDraw(panelId), '专家组不存在');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  const { panelId } = panelParams(params);
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const input = await parseJson(request, drawInputSchema.strict());
  return resultResponse(
    await drawPanelExperts(user.id, panelId, { ...input, chair: { kind: input.chair } }),
    '专家组不存在',
  );
}
