// GET /api/v1/panels/:panelId → one panel: members in draw order, chair, backups, replacements.
// PATCH /api/v1/panels/:panelId (JSON { size }) → 修改人数 while nothing is assigned; a drawn panel's
// members are cleared so it is drawn again at the new size (the old draw stays in the audit trail).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getPanel, updatePanelSize } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound, parseJson } from '#app/utils/http.server';
import { panelSizeInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, panelParams, resultResponse } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { panelId } = panelParams(params);
  const panel = await getPanel(panelId);
  return panel ? Response.json(panel) : notFound('专家组不存在');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  const { panelId } = panelParams(params);
  if (request.method !== 'PATCH') return methodNotAllowed('GET, PATCH');
  const input = await parseJson(request, panelSizeInputSchema);
  return resultResponse(await updatePanelSize(user.id, panelId, input.size), '专家组不存在');
}
