// Sign-out is a POST (a form in the header): a GET link could be triggered by any other site.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { endSession } from '#app/models/auth.server';
import { clearSessionCookie, readSessionToken } from '#app/utils/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) await endSession(token);
  return redirect('/login', { headers: { 'Set-Cookie': await clearSessionCookie(request) } });
}
