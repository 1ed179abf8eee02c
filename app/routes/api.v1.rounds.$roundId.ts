// GET /api/v1/rounds/:roundId → the round with its scheme (rubric, aggregation, grading, eligibility).
// PATCH (or POST) /api/v1/rounds/:roundId with
//   {"rubric": {criteria, vetoes?}, "schemeVersion": n} → edits the rubric (engine-validated; 409
//   once scoring has started or when schemeVersion is stale), and/or
//   {"name"?, "year"?, "batch"?, "window"?, "deadlines"?} → edits the round.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { editRound, getRound, updateRoundSchema } from '#app/models/round.server';
import { rubricInputSchema } from '#app/models/scheme.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound, parseJson } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed, problemsBody, roundParams } from './__review-api.server';

const patchSchema = updateRoundSchema.extend({
  rubric: rubricInputSchema.optional(),
  schemeVersion: z.int({ error: '修改评分细则须提供 schemeVersion（当前方案版本）' }).positive().optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const round = await getRound(roundId);
  if (!round) return notFound('评审工作不存在');
  return Response.json({ round: withAllCounts(round) });
}

/** itemCounts with every decision, 0 included, as docs/api.md promises. */
function withAllCounts<
  T extends { itemCounts: Partial<Record<'pending' | 'admitted' | 'excluded', number>> },
>(round: T) {
  return { ...round, itemCounts: { pending: 0, admitted: 0, excluded: 0, ...round.itemCounts } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'round:manage');
  if (request.method !== 'PATCH' && request.method !== 'POST') return methodNotAllowed('GET, PATCH, POST');
  const { roundId } = roundParams(params);
  const { rubric, schemeVersion, ...settings } = await parseJson(request, patchSchema);
  if (rubric && schemeVersion === undefined) {
    return Response.json(
      problemsBody([
        {
          code: 'version_missing',
          column: 'schemeVersion',
          message: '修改评分细则须提供 schemeVersion（当前方案版本）',
        },
      ]),
      { status: 400 },
    );
  }
  // Facts and rubric in one transaction: a refused part leaves the other unwritten too. Refused
  // facts are thrown as their Response (400 name taken, 409 locked since scoring started).
  const result = await editRound(roundId, { settings, rubric, schemeVersion }, user.id);
  if (result === null) return notFound('评审工作不存在');
  if (!result.ok) return outcomeResponse(result);
  const round = await getRound(roundId);
  return round ? Response.json({ round: withAllCounts(round) }) : notFound('评审工作不存在');
}
