// GET /api/v1/rounds/:roundId/panels → the round's panels with members, backups and replacements.
// POST (JSON { name, fieldGroup, size, quorum? }) → creates a panel (not yet drawn).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createPanel, listPanels } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { prisma } from '#app/utils/db.server';
import { notFound, parseJson } from '#app/utils/http.server';
import { panelInputSchema } from '#app/utils/panel-schema';
import { methodNotAllowed, resultResponse, roundParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  if (!(await prisma.round.findUnique({ where: { id: roundId }, select: { id: true } })))
    return notFound('评审工作不存在');
  return Response.json({ panels: await listPanels(roundId) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  const { roundId } = roundParams(params);
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const input = await parseJson(request, panelInputSchema.strict());
  return resultResponse(await createPanel(user.id, roundId, input), '评审工作不存在', 201);
}
