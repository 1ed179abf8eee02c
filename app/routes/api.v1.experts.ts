// GET /api/v1/experts?q=&field=&region=&active=&page=&pageSize= → the expert pool (专家库), filtered.
// POST /api/v1/experts (JSON ExpertInput) → creates an expert.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createExpert, listExperts } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { expertFilterSchema, expertInputSchema } from '#app/utils/expert-schema';
import { badRequest, fieldErrorsOf, parseJson } from '#app/utils/http.server';
import { methodNotAllowed, resultResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const filter = expertFilterSchema.strict().safeParse(query);
  if (!filter.success) return badRequest(fieldErrorsOf(filter.error));
  return Response.json(await listExperts(filter.data));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const input = await parseJson(request, expertInputSchema.strict());
  return resultResponse(await createExpert(user.id, input), '专家不存在', 201);
}
