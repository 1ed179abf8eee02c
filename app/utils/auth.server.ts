// Who is asking, and may they? The first call in every loader, action and API route.
import { redirect } from '@remix-run/node';
import {
  getSessionAuth,
  getSessionUser,
  getTokenAuth,
  getTokenUser,
  isSocketAuthValid,
  type SessionUser,
} from '#app/models/auth.server';
import { hasPermission, type Permission } from './permissions';
import { readSessionToken } from './session.server';

export type { SessionUser };

function isApiRequest(request: Request): boolean {
  return new URL(request.url).pathname.startsWith('/api/');
}

function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match ? match[1] : null;
}

/** The user of a request from its Bearer token or session cookie; null when neither is valid. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = bearerToken(request.headers);
  if (token) return getTokenUser(token);
  const sessionToken = await readSessionToken(request);
  return sessionToken ? getSessionUser(sessionToken) : null;
}

export type SocketAuthResult = {
  user: SessionUser;
  /** The registry entry kept on the socket (server/realtime.ts SocketAuth). */
  auth: { userId: string; sessionId: string | null; tokenId: string | null };
};

/**
 * The socket.io handshake's check (exported to the Express server through entry.server): as getUser,
 * plus which session or token it used.
 */
export async function authenticateSocket(headers: Headers): Promise<SocketAuthResult | null> {
  const token = bearerToken(headers);
  if (token) {
    const found = await getTokenAuth(token);
    return (
      found && { user: found.user, auth: { userId: found.user.id, sessionId: null, tokenId: found.tokenId } }
    );
  }
  const sessionToken = await readSessionToken(new Request('http://localhost/socket.io/', { headers }));
  if (!sessionToken) return null;
  const found = await getSessionAuth(sessionToken);
  return (
    found && { user: found.user, auth: { userId: found.user.id, sessionId: found.sessionId, tokenId: null } }
  );
}

/** For the server's periodic sweep of live sockets (session expired, idle, token revoked…). */
export { isSocketAuthValid };

/** Where to send someone back after signing in: only a path on this site. */
export function safeRedirectTo(value: unknown, fallback = '/'): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  )
    return fallback;
  return value;
}

/** The page where a person holding a one-time password must choose their own first. */
export const CHANGE_PASSWORD_PATH = '/change-password';

/** Where the request came from, as a path to return to (single fetch asks for "/page.data"). */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  return url.pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/') + url.search;
}

/**
 * The signed-in user, or: a redirect to /login (pages) / 401 JSON (API). A user still holding a
 * one-time password gets nothing but the change-password page (403 JSON from the API).
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user?.mustChangePassword) {
    if (isApiRequest(request))
      throw Response.json({ error: '请先登录网页修改初始密码，然后再使用' }, { status: 403 });
    throw redirect(`${CHANGE_PASSWORD_PATH}?redirectTo=${encodeURIComponent(returnPath(request))}`);
  }
  if (user) return user;
  if (isApiRequest(request)) {
    throw Response.json(
      { error: '未登录或登录已过期' },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  }
  throw redirect(`/login?redirectTo=${encodeURIComponent(returnPath(request))}`);
}

/** The signed-in user holding the permission; otherwise as requireUser, or a 403. */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasPermission(user.roles, permission)) {
    throw Response.json({ error: '无权访问', permission }, { status: 403 });
  }
  return user;
}
