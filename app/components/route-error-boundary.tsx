// Error boundary for pages inside the shell: `export { RouteErrorBoundary as ErrorBoundary }` keeps
// the navigation around a 403/404/500 of that page.
import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { ErrorPage } from './error-page';

export function RouteErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message =
      error.status === 400 && error.data && typeof error.data.error === 'string'
        ? error.data.error
        : undefined;
    return <ErrorPage status={error.status} message={message} />;
  }
  return <ErrorPage status={500} />;
}
