// GET /api/v1/me/sheets → the signed-in expert's score sheets with their rubric.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { listMySheets } from '#app/models/sheet.server';
import { requireUser } from '#app/utils/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return Response.json({ sheets: await listMySheets(user.id) });
}
