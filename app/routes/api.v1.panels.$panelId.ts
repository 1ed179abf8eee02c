// GET /api/v1/panels/:panelId → one panel: members in draw order, chair, backups, replacements.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPanel } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { panelParams } from './__review-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  const { panelId } = panelParams(params);
  const panel = await getPanel(panelId);
  return panel ? Response.json(panel) : notFound('专家组不存在');
}
