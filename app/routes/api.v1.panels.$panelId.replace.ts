// POST /api/v1/panels/:panelId/replace (JSON { expertId, reason, chair? }) → the next backup takes the
// drawn expert's seat; refused when that would leave an assigned item below quorum.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { replacePanelExpert } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { parseJson } from '#app/utils/http.server';
import { replaceInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, panelParams, resultResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'panel:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  const { panelId } = panelParams(params);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const input = await parseJson(request, replaceInputSchema.strict());
  return resultResponse(
    await replacePanelExpert(user.id, panelId, {
      expertId: input.expertId,
      reason: input.reason,
      chair: input.chair ? { kind: input.chair } : undefined,
    }),
    '专家组不存在',
  );
}
