// The session cookie (会话) and session timing settings.
//
// The cookie carries a random session token, signed with SESSION_SECRET; the database stores only its
// SHA-256 (AuthSession.id), so a leaked database does not yield usable sessions.
import { createCookie } from '@remix-run/node';
import { env } from './env.server';

/** A session unused for this long is ended (idle expiry). */
export const SESSION_IDLE_MS = env.SESSION_IDLE_MINUTES * 60_000;
/** A session ends this long after sign-in, however active. */
export const SESSION_MAX_MS = env.SESSION_MAX_HOURS * 3_600_000;

export const sessionCookie = createCookie('pingshen_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secrets: [env.SESSION_SECRET],
});

/**
 * TLS directly, or a trusted TLS-terminating proxy that says so in X-Forwarded-Proto. The Express
 * adapter builds the request URL from req.protocol, which honours X-Forwarded-Proto only from a
 * proxy allowed by TRUST_PROXY; the header itself is not read here, so any client cannot set it.
 */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get('cookie'));
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function commitSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie.serialize(token, { secure: isSecureRequest(request), maxAge: SESSION_MAX_MS / 1000 });
}

export function clearSessionCookie(request: Request): Promise<string> {
  return sessionCookie.serialize('', { secure: isSecureRequest(request), maxAge: 0 });
}
