// Sign-in, sessions, login throttling and personal API tokens (登录、会话、限流、API 令牌).
import { createHash, randomBytes } from 'node:crypto';
import { prisma } from '#app/utils/db.server';
import { hashPassword, verifyPassword } from '#app/utils/password.server';
import { isRole, type Role } from '#app/utils/permissions';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '#app/utils/session.server';
import { recordAudit } from './audit.server';

export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  mustChangePassword: boolean; // one-time password: only /change-password until it is changed
};

/** Failures that lock an account name or a client address … */
export const LOGIN_MAX_FAILURES = 5;
/** … when they fall within this window; the lock then lasts this long after the last of them. */
export const LOGIN_LOCK_MS = 15 * 60_000;
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_PREFIX = 'psk_';

export type CredentialCheck =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAt: Date };

const USER_SELECT = {
  id: true,
  username: true,
  displayName: true,
  disabled: true,
  passwordHash: true,
  mustChangePassword: true,
  roles: { select: { role: true } },
} as const;

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  roles: { role: string }[];
};

function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles.map((r) => r.role).filter(isRole),
    mustChangePassword: row.mustChangePassword,
  };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

// Compared against when the username does not exist, so both cases cost one scrypt and take
// the same time (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/**
 * The moment a lock on this key ends, or null when not locked: locked when the last
 * LOGIN_MAX_FAILURES failures (after the last success) all fall within LOGIN_LOCK_MS and the latest is
 * less than LOGIN_LOCK_MS ago.
 */
async function lockedUntil(
  where: { username: string } | { ip: string },
  now: Date,
  resetOnSuccess: boolean,
): Promise<Date | null> {
  const since = new Date(now.getTime() - 2 * LOGIN_LOCK_MS);
  const lastSuccess = resetOnSuccess
    ? await prisma.loginAttempt.findFirst({
        where: { ...where, success: true },
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true },
      })
    : null;
  const from = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const failures = await prisma.loginAttempt.findMany({
    where: { ...where, success: false, createdAt: { gt: from } },
    orderBy: { createdAt: 'desc' },
    take: LOGIN_MAX_FAILURES,
    select: { createdAt: true },
  });
  if (failures.length < LOGIN_MAX_FAILURES) return null;
  const latest = failures[0].createdAt.getTime();
  const oldest = failures[failures.length - 1].createdAt.getTime();
  if (latest - oldest > LOGIN_LOCK_MS) return null;
  const until = new Date(latest + LOGIN_LOCK_MS);
  return until > now ? until : null;
}

/**
 * Checks a username and password with throttling per account name and per client address. Unknown
 * user, wrong password and disabled account all give reason 'invalid'. Attempts made while locked are
 * not recorded, so a lock ends LOGIN_LOCK_MS after the failure that caused it.
 */
export async function checkCredentials(
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<CredentialCheck> {
  const username = input.username.trim();
  const [userLock, ipLock] = await Promise.all([
    lockedUntil({ username }, now, true),
    lockedUntil({ ip: input.ip }, now, false),
  ]);
  const lock = [userLock, ipLock]
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (lock) return { ok: false, reason: 'locked', retryAt: lock };

  const row = await prisma.user.findUnique({ where: { username }, select: USER_SELECT });
  dummyHash ??= hashPassword(newSecret());
  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash));
  const ok = Boolean(row && passwordOk && !row.disabled);
  await prisma.loginAttempt.create({ data: { username, ip: input.ip, success: ok, createdAt: now } });
  if (!ok || !row) return { ok: false, reason: 'invalid' };
  return { ok: true, user: toSessionUser(row) };
}

/** Opens a session for a user who passed checkCredentials; returns the token for the cookie. */
export async function createSession(
  input: { userId: string; ip: string; userAgent: string | null },
  now = new Date(),
): Promise<string> {
  const token = newSecret();
  await prisma.$transaction(async (tx) => {
    const session = await tx.authSession.create({
      data: {
        id: sha256(token),
        userId: input.userId,
        expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
        lastSeenAt: now,
        createdAt: now,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
      select: { id: true },
    });
    await tx.user.update({ where: { id: input.userId }, data: { lastLoginAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'auth.login',
      entity: 'AuthSession',
      // The id is a hash of the cookie value; only its start goes to the audit trail.
      entityId: session.id.slice(0, 12),
      after: { ip: input.ip },
    });
  });
  return token;
}

/**
 * The signed-in user behind a session token, or null when the session is unknown, expired, idle for
 * longer than SESSION_IDLE_MS, or the account is disabled. Expired sessions are deleted.
 */
export async function getSessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const id = sha256(token);
  const session = await prisma.authSession.findUnique({
    where: { id },
    select: { expiresAt: true, lastSeenAt: true, user: { select: USER_SELECT } },
  });
  if (!session) return null;
  const idle = now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idle || session.expiresAt <= now) {
    await prisma.authSession.deleteMany({ where: { id } });
    return null;
  }
  if (session.user.disabled) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.authSession.update({ where: { id }, data: { lastSeenAt: now }, select: { id: true } });
  }
  return toSessionUser(session.user);
}

export async function endSession(token: string): Promise<void> {
  const id = sha256(token);
  await prisma.$transaction(async (tx) => {
    const session = await tx.authSession.findUnique({ where: { id }, select: { userId: true } });
    if (!session) return;
    await tx.authSession.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: session.userId,
      action: 'auth.logout',
      entity: 'AuthSession',
      entityId: id.slice(0, 12),
    });
  });
}

/** Issues a personal API token. The token is returned once; only its SHA-256 is stored. */
export async function createApiToken(
  input: { userId: string; name: string },
  now = new Date(),
): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const id = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: input.userId,
        name: input.name,
        tokenHash: sha256(token),
        prefix: token.slice(0, 10),
        createdAt: now,
      },
      select: { id: true, name: true, prefix: true },
    });
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'token.create',
      entity: 'ApiToken',
      entityId: row.id,
      after: { name: row.name, prefix: row.prefix },
    });
    return row.id;
  });
  return { id, token };
}

/** The user behind a Bearer token, or null when unknown, revoked, expired or the account is disabled. */
export async function getTokenUser(token: string, now = new Date()): Promise<SessionUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: USER_SELECT } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabled) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return toSessionUser(row.user);
}

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  user: { id: string; username: string; displayName: string; disabled: boolean };
};

/** Every API token for the administrators' list: prefix and dates only, never the hash. */
export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  return prisma.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, username: true, displayName: true, disabled: true } },
    },
  });
}

/** Revokes one API token at once (an administrator, or its owner); audited. */
export async function revokeApiToken(
  actorId: string,
  tokenId: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; message: string }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({
      where: { id: tokenId },
      select: { id: true, userId: true, name: true, prefix: true, revokedAt: true },
    });
    if (!row) return { ok: false, message: '令牌不存在' };
    if (row.revokedAt) return { ok: false, message: '令牌已撤销' };
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actorId,
      action: 'token.revoke',
      entity: 'ApiToken',
      entityId: row.id,
      before: { revokedAt: null },
      after: { userId: row.userId, name: row.name, prefix: row.prefix, revokedAt: now.toISOString() },
    });
    return { ok: true };
  });
}
