// POST /api/v1/panels/:panelId/accounts (no body) → 201 { accounts: [IssuedAccount] }: sign-in
// accounts for every seated expert of the panel who has none, each with a one-time password returned
// this once; experts who already have one are listed with password null.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createPanelAccounts } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { methodNotAllowed, panelParams, problemsResponse } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  const { panelId } = panelParams(params);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const result = await createPanelAccounts(user.id, panelId);
  if (result === null) return notFound('专家组不存在');
  if (!result.ok) return problemsResponse(result.problems);
  return Response.json({ accounts: result.value }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
