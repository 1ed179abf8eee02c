// GET /api/v1/me → the signed-in user (cookie or Bearer token); lets API clients check a token.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/utils/auth.server';
import { permissionsOf } from '#app/utils/permissions';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return Response.json({ user: { ...user, permissions: [...permissionsOf(user.roles)].sort() } });
}
