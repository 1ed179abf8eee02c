// Big-screen (大屏) links of a defence session (issue 10 §3). The chair of the session's panel or the
// agency creates a link; the projector opens /screen/<token> without signing in. Only the token's
// SHA-256 is stored, so the database never holds a usable link; the token is shown once, at
// creation. A link stops working when it is revoked, when it expires (the end of the session's day
// in Beijing time) or when its session is deleted; revoking disconnects its sockets at once.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SessionUser } from '#app/models/auth.server';
import { sha256 } from '#app/models/auth.server';
import { recordAudit } from '#app/models/audit.server';
import { canRunSession, mayFollowSession } from '#app/models/session.server';
import { prisma } from '#app/utils/db.server';
import { fail, succeed, transactionOutcome, type Outcome } from '#app/utils/outcome';
import { disconnectSockets } from '#server/realtime';

const SESSION_NOT_FOUND = '答辩会不存在';
const LINK_NOT_FOUND = '大屏链接不存在';
const BEIJING_OFFSET_MS = 8 * 3600_000;
/** Active links per session at most (a room has one or two projectors). */
export const MAX_ACTIVE_SCREEN_LINKS = 20;

export type ScreenLinkSummary = {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Neither revoked nor expired. */
  active: boolean;
};

export type CreatedScreenLink = {
  id: string;
  label: string | null;
  /** `/screen/<token>`: shown once. */
  url: string;
  token: string;
  expiresAt: string;
};

export const createScreenLinkSchema = z.strictObject({
  label: z
    .string({ error: 'label：应为字符串' })
    .trim()
    .max(40, { error: 'label：名称不超过40字' })
    .optional()
    .transform((v) => (v ? v : undefined)),
});

/** The last millisecond (23:59:59.999 +08:00) of the Beijing day that holds `at`. */
export function endOfBeijingDay(at: Date): Date {
  const shifted = at.getTime() + BEIJING_OFFSET_MS;
  const dayStart = Math.floor(shifted / 86_400_000) * 86_400_000;
  return new Date(dayStart + 86_400_000 - 1 - BEIJING_OFFSET_MS);
}

/** When a link made now expires: the end of the session's day, or of today when none or past. */
export function screenLinkExpiry(scheduledAt: Date | null, now = new Date()): Date {
  const today = endOfBeijingDay(now);
  if (!scheduledAt) return today;
  const day = endOfBeijingDay(scheduledAt);
  return day.getTime() < today.getTime() ? today : day;
}

/**
 * Only the session's runners (the panel's chair, the agency) manage its links: others who follow the
 * session get 403, everyone else the same 404 as a session that does not exist.
 */
async function refusal(actor: SessionUser, sessionId: string, missing: string) {
  if (await canRunSession(actor, sessionId)) return null;
  if (await mayFollowSession(actor, sessionId)) return fail(403, '只有本组组长或第三方机构可以管理大屏链接');
  return fail(404, missing);
}

function summary(
  row: { id: string; label: string | null; createdAt: Date; expiresAt: Date; revokedAt: Date | null },
  now: Date,
): ScreenLinkSummary {
  return {
    id: row.id,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    active: !row.revokedAt && row.expiresAt > now,
  };
}

export async function createScreenLink(
  actor: SessionUser,
  sessionId: string,
  input: unknown = {},
  now = new Date(),
): Promise<Outcome<{ link: CreatedScreenLink }>> {
  const session = await prisma.defenceSession.findUnique({
    where: { id: sessionId },
    select: { id: true, scheduledAt: true, state: true },
  });
  if (!session) return fail(404, SESSION_NOT_FOUND);
  const refused = await refusal(actor, sessionId, SESSION_NOT_FOUND);
  if (refused) return refused;
  const parsed = createScreenLinkSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue?.code === 'unrecognized_keys'
        ? `不支持的字段“${issue.keys.join('、')}”`
        : (issue?.message ?? '输入有误');
    return fail(400, message, { fieldErrors: { [String(issue?.path[0] ?? '_form')]: message } });
  }
  if (session.state === 'closed') return fail(409, '答辩会已结束，不能再创建大屏链接');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = screenLinkExpiry(session.scheduledAt, now);
  const label = parsed.data.label ?? null;
  return transactionOutcome(prisma, async (tx) => {
    const active = await tx.screenLink.count({
      where: { sessionId, revokedAt: null, expiresAt: { gt: now } },
    });
    if (active >= MAX_ACTIVE_SCREEN_LINKS)
      return fail(409, `每个答辩会最多 ${MAX_ACTIVE_SCREEN_LINKS} 个有效大屏链接，请先撤销不用的链接`);
    const row = await tx.screenLink.create({
      data: { sessionId, tokenHash: sha256(token), label, createdById: actor.id, expiresAt },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'screen-link.create',
      entity: 'ScreenLink',
      entityId: row.id,
      after: { sessionId, label, expiresAt: expiresAt.toISOString() },
    });
    return succeed({
      link: { id: row.id, label, url: `/screen/${token}`, token, expiresAt: expiresAt.toISOString() },
    });
  });
}

/** The session's links, newest first, without tokens (only their hashes are stored). */
export async function listScreenLinks(
  actor: SessionUser,
  sessionId: string,
  now = new Date(),
): Promise<Outcome<{ links: ScreenLinkSummary[] }>> {
  const session = await prisma.defenceSession.findUnique({ where: { id: sessionId }, select: { id: true } });
  if (!session) return fail(404, SESSION_NOT_FOUND);
  const refused = await refusal(actor, sessionId, SESSION_NOT_FOUND);
  if (refused) return refused;
  const rows = await prisma.screenLink.findMany({
    where: { sessionId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, label: true, createdAt: true, expiresAt: true, revokedAt: true },
  });
  return succeed({ links: rows.map((r) => summary(r, now)) });
}

/** Revokes a link (audited) and ends its live sockets at once. Revoking twice is a no-op success. */
export async function revokeScreenLink(
  actor: SessionUser,
  linkId: string,
  now = new Date(),
): Promise<Outcome<{ link: ScreenLinkSummary }>> {
  const row = await prisma.screenLink.findUnique({ where: { id: linkId }, select: { sessionId: true } });
  if (!row) return fail(404, LINK_NOT_FOUND);
  const refused = await refusal(actor, row.sessionId, LINK_NOT_FOUND);
  if (refused) return refused;
  const outcome = await transactionOutcome(prisma, async (tx) => {
    const link = await tx.screenLink.findUnique({ where: { id: linkId } });
    if (!link) return fail(404, LINK_NOT_FOUND);
    if (link.revokedAt) return succeed({ link: summary(link, now) });
    const updated = await tx.screenLink.update({
      where: { id: linkId },
      data: { revokedAt: now, revokedById: actor.id },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'screen-link.revoke',
      entity: 'ScreenLink',
      entityId: linkId,
      before: { revokedAt: null },
      after: { sessionId: link.sessionId, revokedAt: now.toISOString() },
    });
    return succeed({ link: summary(updated, now) });
  });
  if (outcome.ok) disconnectSockets({ screenLinkId: linkId });
  return outcome;
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * The link and session a token opens (and when the link expires), or null (unknown, revoked,
 * expired, or the session deleted).
 * Looked up by the token's hash, so the lookup's timing says nothing about stored tokens.
 */
export async function resolveScreenToken(
  token: unknown,
  now = new Date(),
): Promise<{ linkId: string; sessionId: string; expiresAt: string } | null> {
  if (typeof token !== 'string' || !tokenShape.test(token)) return null;
  const link = await prisma.screenLink.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, sessionId: true, expiresAt: true, revokedAt: true },
  });
  if (!link || link.revokedAt || link.expiresAt <= now) return null;
  return { linkId: link.id, sessionId: link.sessionId, expiresAt: link.expiresAt.toISOString() };
}

/** Whether a live screen socket's link still works (the server's periodic sweep). */
export async function isScreenLinkValid(linkId: string, now = new Date()): Promise<boolean> {
  const link = await prisma.screenLink.findUnique({
    where: { id: linkId },
    select: { expiresAt: true, revokedAt: true },
  });
  return Boolean(link && !link.revokedAt && link.expiresAt > now);
}
