// Accounts (账号): creation, roles, password resets, disabling. Every change is audited.
import { prisma, type Tx } from '#app/utils/db.server';
import { hashPassword, verifyPassword } from '#app/utils/password.server';
import { isRole, type Role } from '#app/utils/permissions';
import { disconnectSockets } from '#server/realtime';
import { recordAudit } from './audit.server';

export type UserSummary = {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
};

/** Model-level failure the route turns into a 400 on the named field. */
export class UserInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const SUMMARY_SELECT = {
  id: true,
  username: true,
  displayName: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
  roles: { select: { role: true }, orderBy: { role: 'asc' } },
} as const;

function toSummary(row: {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  roles: { role: string }[];
}): UserSummary {
  return { ...row, roles: row.roles.map((r) => r.role).filter(isRole) };
}

export async function listUsers(): Promise<UserSummary[]> {
  const rows = await prisma.user.findMany({ select: SUMMARY_SELECT, orderBy: { username: 'asc' } });
  return rows.map(toSummary);
}

export async function createUser(
  actorId: string,
  input: { username: string; displayName: string; password: string; roles: Role[] },
): Promise<UserSummary> {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    // Case-insensitive: "Agency" beside "agency" would let one account pass for another.
    const existing = await tx.$queryRaw<
      { username: string }[]
    >`SELECT "username" FROM "User" WHERE lower("username") = lower(${input.username}) LIMIT 1`;
    if (existing.length > 0)
      throw new UserInputError('username', `用户名“${input.username}”已被使用（${existing[0].username}）`);
    const { username, displayName, roles } = input;
    return insertUser(tx, actorId, { username, displayName, roles, passwordHash });
  });
}

/**
 * Writes a new account and its audit event inside the caller's transaction (the admin page's
 * createUser, expert accounts). `mustChangePassword` marks a one-time password.
 */
export async function insertUser(
  tx: Tx,
  actorId: string,
  input: {
    username: string;
    displayName: string;
    passwordHash: string;
    roles: Role[];
    mustChangePassword?: boolean;
  },
): Promise<UserSummary> {
  const mustChange = input.mustChangePassword === true;
  const row = await tx.user.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      ...(mustChange ? { mustChangePassword: true } : {}),
      roles: { create: input.roles.map((role) => ({ role })) },
    },
    select: SUMMARY_SELECT,
  });
  const user = toSummary(row);
  await recordAudit(tx, {
    actorId,
    action: 'user.create',
    entity: 'User',
    entityId: user.id,
    after: {
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      ...(mustChange ? { mustChangePassword: true } : {}),
    },
  });
  return user;
}

async function loadForUpdate(tx: Tx, userId: string) {
  const row = await tx.user.findUnique({ where: { id: userId }, select: SUMMARY_SELECT });
  if (!row) throw new UserInputError('userId', '账号不存在');
  return toSummary(row);
}

export async function setUserRoles(actorId: string, userId: string, roles: Role[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await loadForUpdate(tx, userId);
    // An administrator cannot remove their own admin role: the last admin could lock everyone out.
    if (userId === actorId && before.roles.includes('admin') && !roles.includes('admin')) {
      throw new UserInputError('roles', '不能取消自己的系统管理员角色');
    }
    await tx.userRole.deleteMany({ where: { userId, role: { notIn: roles } } });
    for (const role of roles.filter((r) => !before.roles.includes(r))) {
      await tx.userRole.create({ data: { userId, role }, select: { id: true } });
    }
    await recordAudit(tx, {
      actorId,
      action: 'user.roles',
      entity: 'User',
      entityId: userId,
      before: { roles: before.roles },
      after: { roles },
    });
  });
}

/**
 * Sets a new password, ends the user's sessions and revokes their API tokens (a token issued with
 * the old password must not outlive it), and disconnects their live sockets.
 */
export async function resetPassword(actorId: string, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    await loadForUpdate(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
    const ended = await tx.authSession.deleteMany({ where: { userId } });
    const revokedTokens = await revokeAllTokens(tx, userId);
    // Never the password or its hash: the trail says that it changed and what it ended.
    await recordAudit(tx, {
      actorId,
      action: 'user.password.reset',
      entity: 'User',
      entityId: userId,
      before: { sessions: ended.count },
      after: { sessions: 0, passwordChanged: true, revokedTokens },
    });
  });
  disconnectSockets({ userId });
}

/** Revokes every live API token of a user; returns their ids for the audit event. */
async function revokeAllTokens(tx: Tx, userId: string): Promise<string[]> {
  const live = await tx.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const ids = live.map((t) => t.id);
  await tx.apiToken.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
  return ids;
}

/** Disabling ends all sessions and revokes all API tokens at once; enabling restores sign-in only. */
export async function setUserDisabled(actorId: string, userId: string, disabled: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await loadForUpdate(tx, userId);
    if (userId === actorId && disabled) throw new UserInputError('userId', '不能停用自己的账号');
    await tx.user.update({ where: { id: userId }, data: { disabled }, select: { id: true } });
    let revokedTokens: string[] = [];
    if (disabled) {
      await tx.authSession.deleteMany({ where: { userId } });
      // The revoked tokens go to the trail: they have no event of their own.
      revokedTokens = await revokeAllTokens(tx, userId);
    }
    await recordAudit(tx, {
      actorId,
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'User',
      entityId: userId,
      before: { disabled: before.disabled },
      after: disabled ? { disabled, revokedTokens } : { disabled },
    });
  });
  if (disabled) disconnectSockets({ userId });
}

/**
 * A person replaces their own password (the one-time password of an expert account first of all):
 * the current one must be right and the new one different. Clears mustChangePassword; the other
 * sessions of the account end, the current one stays. Audited, never the password itself.
 */
export async function changeOwnPassword(
  userId: string,
  current: string,
  next: string,
  keepSessionId: string | null,
): Promise<{ ok: true } | { ok: false; field: 'current' | 'password'; message: string }> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!row || !(await verifyPassword(current, row.passwordHash)))
    return { ok: false, field: 'current', message: '当前密码不正确' };
  if (current === next) return { ok: false, field: 'password', message: '新密码不能与当前密码相同' };
  const passwordHash = await hashPassword(next);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: false },
      select: { id: true },
    });
    const ended = await tx.authSession.deleteMany({
      where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    });
    await recordAudit(tx, {
      actorId: userId,
      action: 'user.password.change',
      entity: 'User',
      entityId: userId,
      before: { sessions: ended.count },
      after: { passwordChanged: true, mustChangePassword: false },
    });
  });
  return { ok: true };
}
