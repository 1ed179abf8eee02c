// GET /api/v1/rounds/:roundId/assignments → items with their panel and recusals, panels with load.
// POST (JSON { mode: 'manual', panelId, itemIds } | { mode: 'auto', itemIds? }) → assigns, all-or-nothing.
// DELETE (JSON { panelId, itemId }) → takes an item off a panel of this round (404 for another round's;
// refused once 专家评审 has started or sheets are submitted).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { assignItems, autoAssign, listRoundAssignments, unassignItem } from '#app/models/assignment.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound, parseJson } from '#app/utils/http.server';
import { assignmentInputSchema, unassignInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, resultResponse, roundParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const view = await listRoundAssignments(roundId);
  return view ? Response.json(view) : notFound('评审工作不存在');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'assignment:manage');
  const { roundId } = roundParams(params);
  if (request.method === 'DELETE') {
    const input = await parseJson(request, unassignInputSchema);
    return resultResponse(
      await unassignItem(user.id, input.panelId, input.itemId, roundId),
      '本轮评审中没有该分配',
    );
  }
  if (request.method !== 'POST') return methodNotAllowed('GET, POST, DELETE');
  const input = await parseJson(request, assignmentInputSchema);
  if (input.mode === 'auto')
    return resultResponse(await autoAssign(user.id, roundId, input.itemIds), '评审工作不存在');
  return resultResponse(
    await assignItems(user.id, input.panelId, input.itemIds, roundId),
    '本轮评审中没有该专家组',
  );
}
