// Pathless layout for every signed-in page: loads the user and their navigation once.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { AppShell } from '#app/components/app-shell';
import { requireUser } from '#app/utils/auth.server';
import { navFor } from '#app/utils/nav';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { displayName: user.displayName, roles: user.roles }, nav: navFor(user.roles) };
}

export default function AppLayout() {
  const { user, nav } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} nav={nav}>
      <Outlet />
    </AppShell>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
