// GET /api/v1/rounds/:roundId/items?overall=&decision=&flag=&rule=&outcome=&q= → the round's items
// with the eligibility pre-check per rule (pass / fail / missing), flags and the agency's decision.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { listRoundItems, itemFilterSchema } from '#app/models/item.server';
import { requirePermission } from '#app/utils/auth.server';
import { badRequest, fieldErrorsOf, notFound } from '#app/utils/http.server';
import { prisma } from '#app/utils/db.server';
import { roundParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const filter = itemFilterSchema.safeParse(query);
  if (!filter.success) return badRequest(fieldErrorsOf(filter.error));
  if (!(await prisma.round.findUnique({ where: { id: roundId }, select: { id: true } })))
    return notFound('评审工作不存在');
  return Response.json({ items: await listRoundItems(roundId, filter.data) });
}
