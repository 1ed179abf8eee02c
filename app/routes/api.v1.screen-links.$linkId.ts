// DELETE /api/v1/screen-links/:linkId → {link} revoked (audited); its big screens disconnect at once.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { revokeScreenLink } from '#app/models/screen-link.server';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';

const params = (p: unknown) => parseParams(p, z.object({ linkId: z.string().min(1).max(64) }));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return methodNotAllowed('DELETE');
}

export async function action({ request, params: p }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'DELETE') return methodNotAllowed('DELETE');
  const { linkId } = params(p);
  return outcomeResponse(await revokeScreenLink(user, linkId));
}
