// POST /api/v1/panels/:panelId/chair (JSON { expertId }) → the agency names the chair (组长).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { setPanelChair } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { parseJson } from '#app/utils/http.server';
import { chairInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, panelParams, resultResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'panel:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  const { panelId } = panelParams(params);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const input = await parseJson(request, chairInputSchema.strict());
  return resultResponse(await setPanelChair(user.id, panelId, input.expertId), '专家组不存在');
}
