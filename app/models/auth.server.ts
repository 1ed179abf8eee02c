// Sign-in, sessions, login throttling and personal API tokens (登录、会话、限流、API 令牌).
import { createHash, randomBytes } from 'node:crypto';
import { isPostgresUrl } from '#app/utils/db-adapter.server';
import { prisma, type Tx } from '#app/utils/db.server';
import { env } from '#app/utils/env.server';
import { hashPassword, verifyPassword } from '#app/utils/password.server';
import { isRole, type Role } from '#app/utils/permissions';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '#app/utils/session.server';
import { disconnectSockets } from '#server/realtime';
import { recordAudit } from './audit.server';

export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  mustChangePassword: boolean; // one-time password: only /change-password until it is changed
};

/** Failures that lock an account name (whatever the address they came from) … */
export const LOGIN_MAX_FAILURES = 5;
/**
 * … and a client address (across account names). Higher, so that one person's typos behind an
 * office NAT do not lock every colleague out, while one address still cannot try passwords on
 * many accounts at speed.
 */
export const LOGIN_MAX_FAILURES_PER_ADDRESS = 50;
/** … when they fall within this window; the lock then lasts this long after the last of them. */
export const LOGIN_LOCK_MS = 15 * 60_000;
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_PREFIX = 'psk_';

/** Whole seconds until a lock ends, for the Retry-After header of a 429 (at least 1). */
export function retryAfterSeconds(retryAt: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}

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
 * The moment a lock on this key ends, or null when not locked: locked when the last `max` failures
 * (after the last success) all fall within LOGIN_LOCK_MS and the latest is less than LOGIN_LOCK_MS
 * ago. Attempts still being verified count as failures (see checkCredentials).
 */
async function lockedUntil(
  tx: Tx,
  where: { username: string } | { ip: string },
  max: number,
  now: Date,
  resetOnSuccess: boolean,
): Promise<Date | null> {
  const since = new Date(now.getTime() - 2 * LOGIN_LOCK_MS);
  const lastSuccess = resetOnSuccess
    ? await tx.loginAttempt.findFirst({
        where: { ...where, success: true },
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true },
      })
    : null;
  const from = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const failures = await tx.loginAttempt.findMany({
    where: { ...where, success: false, createdAt: { gt: from } },
    orderBy: { createdAt: 'desc' },
    take: max,
    select: { createdAt: true },
  });
  if (failures.length < max) return null;
  const latest = failures[0].createdAt.getTime();
  const oldest = failures[failures.length - 1].createdAt.getTime();
  if (latest - oldest > LOGIN_LOCK_MS) return null;
  const until = new Date(latest + LOGIN_LOCK_MS);
  return until > now ? until : null;
}

/**
 * Serialises attempts on one account name and one address until the transaction ends. SQLite has one
 * writer (db-adapter makes the connection exclusive); on PostgreSQL, where several instances may
 * share the database, a transaction-scoped advisory lock per key does it.
 */
async function lockAttemptKeys(tx: Tx, keys: string[]): Promise<void> {
  if (!isPostgresUrl(env.DATABASE_URL)) return;
  // A fixed order, so two attempts taking the same two keys cannot deadlock.
  for (const key of [...keys].sort()) {
    await tx.$queryRaw`SELECT 1 AS held FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
  }
}

/**
 * Admits an attempt or refuses it as locked, atomically: under the keys' lock it counts the earlier
 * failures and, when not locked, records this attempt as a failure BEFORE the password is checked. A
 * burst of concurrent attempts therefore sees each other: the sixth is refused even while the first
 * five are still being verified. Attempts made while locked are not recorded, so a lock ends
 * LOGIN_LOCK_MS after the failure that caused it.
 */
async function admitAttempt(
  input: { username: string; ip: string },
  now: Date,
): Promise<{ ok: true; attemptId: string } | { ok: false; retryAt: Date }> {
  return prisma.$transaction(async (tx) => {
    await lockAttemptKeys(tx, [`login:user:${input.username}`, `login:ip:${input.ip}`]);
    const userLock = await lockedUntil(tx, { username: input.username }, LOGIN_MAX_FAILURES, now, true);
    const ipLock = await lockedUntil(tx, { ip: input.ip }, LOGIN_MAX_FAILURES_PER_ADDRESS, now, false);
    const lock = [userLock, ipLock]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (lock) return { ok: false, retryAt: lock };
    const attempt = await tx.loginAttempt.create({
      data: { username: input.username, ip: input.ip, success: false, createdAt: now },
      select: { id: true },
    });
    return { ok: true, attemptId: attempt.id };
  });
}

/**
 * Checks a username and password with throttling per account name (LOGIN_MAX_FAILURES) and per
 * client address (LOGIN_MAX_FAILURES_PER_ADDRESS). Unknown user, wrong password and disabled account
 * all give reason 'invalid'. The attempt is recorded (as a failure) before the password is verified
 * and marked successful afterwards.
 */
export async function checkCredentials(
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<CredentialCheck> {
  const username = input.username.trim();
  const admitted = await admitAttempt({ username, ip: input.ip }, now);
  if (!admitted.ok) return { ok: false, reason: 'locked', retryAt: admitted.retryAt };

  const row = await prisma.user.findUnique({ where: { username }, select: USER_SELECT });
  dummyHash ??= hashPassword(newSecret());
  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash));
  if (!row || !passwordOk || row.disabled) return { ok: false, reason: 'invalid' };
  await prisma.loginAttempt.update({
    where: { id: admitted.attemptId },
    data: { success: true },
    select: { id: true },
  });
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
 * longer than SESSION_IDLE_MS, or the account is disabled. Expired sessions are deleted (and their
 * live sockets disconnected).
 */
export async function getSessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  return (await getSessionAuth(token, now))?.user ?? null;
}

/** As getSessionUser, with the session's id (the socket registry keys sockets by it). */
export async function getSessionAuth(
  token: string,
  now = new Date(),
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const id = sha256(token);
  const session = await prisma.authSession.findUnique({
    where: { id },
    select: { expiresAt: true, lastSeenAt: true, user: { select: USER_SELECT } },
  });
  if (!session) return null;
  const idle = now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idle || session.expiresAt <= now) {
    await prisma.authSession.deleteMany({ where: { id } });
    disconnectSockets({ sessionId: id });
    return null;
  }
  if (session.user.disabled) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.authSession.update({ where: { id }, data: { lastSeenAt: now }, select: { id: true } });
  }
  return { user: toSessionUser(session.user), sessionId: id };
}

/**
 * Whether a live socket's session or token is still valid, without touching lastSeenAt (an open tab
 * must not keep an idle session alive). The server's sweep disconnects sockets for which it is not.
 */
export async function isSocketAuthValid(
  auth: { sessionId: string | null; tokenId: string | null },
  now = new Date(),
): Promise<boolean> {
  if (auth.sessionId) {
    const session = await prisma.authSession.findUnique({
      where: { id: auth.sessionId },
      select: { expiresAt: true, lastSeenAt: true, user: { select: { disabled: true } } },
    });
    return Boolean(
      session &&
      !session.user.disabled &&
      session.expiresAt > now &&
      now.getTime() - session.lastSeenAt.getTime() <= SESSION_IDLE_MS,
    );
  }
  if (auth.tokenId) {
    const row = await prisma.apiToken.findUnique({
      where: { id: auth.tokenId },
      select: { revokedAt: true, expiresAt: true, user: { select: { disabled: true } } },
    });
    return Boolean(row && !row.revokedAt && !(row.expiresAt && row.expiresAt <= now) && !row.user.disabled);
  }
  return false;
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
  disconnectSockets({ sessionId: id });
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
  return (await getTokenAuth(token, now))?.user ?? null;
}

/** As getTokenUser, with the token's id (the socket registry keys sockets by it). */
export async function getTokenAuth(
  token: string,
  now = new Date(),
): Promise<{ user: SessionUser; tokenId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: USER_SELECT } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabled) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return { user: toSessionUser(row.user), tokenId: row.id };
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
  const result = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({
      where: { id: tokenId },
      select: { id: true, userId: true, name: true, prefix: true, revokedAt: true },
    });
    if (!row) return { ok: false, message: '令牌不存在' } as const;
    if (row.revokedAt) return { ok: false, message: '令牌已撤销' } as const;
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actorId,
      action: 'token.revoke',
      entity: 'ApiToken',
      entityId: row.id,
      before: { revokedAt: null },
      after: { userId: row.userId, name: row.name, prefix: row.prefix, revokedAt: now.toISOString() },
    });
    return { ok: true } as const;
  });
  if (result.ok) disconnectSockets({ tokenId });
  return result;
}
