// GET  /api/v1/sessions/:sessionId/screen-links → {links} (never the tokens)
// POST /api/v1/sessions/:sessionId/screen-links {label?} → 201 {link: {id, label, url, token, expiresAt}}
// Only the panel's chair or the agency (the model decides, scoped to this session).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { createScreenLink, listScreenLinks } from '#app/models/screen-link.server';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readJson } from './__scoring-api.server';

const params = (p: unknown) => parseParams(p, z.object({ sessionId: z.string().min(1).max(64) }));

export async function loader({ request, params: p }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = params(p);
  return outcomeResponse(await listScreenLinks(user, sessionId));
}

export async function action({ request, params: p }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const { sessionId } = params(p);
  const body = await readJson(request);
  return outcomeResponse(await createScreenLink(user, sessionId, body), { status: 201 });
}
