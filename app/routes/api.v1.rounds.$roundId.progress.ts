// GET /api/v1/rounds/:roundId/progress → per panel and per expert: expected / drafted / submitted.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { roundProgress } from '#app/models/progress.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { roundParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'progress:read');
  const { roundId } = roundParams(params);
  const progress = await roundProgress(roundId);
  return progress ? Response.json(progress) : notFound('评审工作不存在');
}
