// POST /api/v1/experts/:expertId/account (no body) → 201 { accounts: [IssuedAccount] }: a sign-in
// account (评审专家) for this expert with a one-time password, returned this once; the expert must
// change it at first sign-in. An expert who already has an account is listed with password null.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createExpertAccounts } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { expertParams, methodNotAllowed, problemsResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  const { expertId } = expertParams(params);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const result = await createExpertAccounts(user.id, [expertId]);
  if (!result.ok)
    return result.problems[0]?.code === 'expert_not_found'
      ? notFound('专家不存在')
      : problemsResponse(result.problems);
  return Response.json({ accounts: result.value }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
