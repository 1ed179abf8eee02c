// GET /api/v1/experts/:expertId → one expert with recusal facts; PUT (JSON ExpertInput) → replaces it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getExpert, updateExpert } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { expertInputSchema } from '#app/utils/expert-schema';
import { notFound, parseJson } from '#app/utils/http.server';
import { expertParams, methodNotAllowed, resultResponse } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const { expertId } = expertParams(params);
  const expert = await getExpert(expertId);
  return expert ? Response.json(expert) : notFound('专家不存在');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  const { expertId } = expertParams(params);
  if (request.method !== 'PUT') return methodNotAllowed('GET, PUT');
  const input = await parseJson(request, expertInputSchema.strict());
  return resultResponse(await updateExpert(user.id, expertId, input), '专家不存在');
}
