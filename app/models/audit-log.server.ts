// Reading the audit trail (审计日志) for the audit page: newest first, filtered by person, action and
// a date range of China calendar days. Writing the trail is audit.server.ts's job alone.
import { z } from 'zod';
import { emptyToUndefined, optionalDateField } from '#app/utils/date-field';
import { prisma } from '#app/utils/db.server';

const day = optionalDateField;

export const auditFilterSchema = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    actor: z.preprocess(emptyToUndefined, z.string().max(64).optional()), // user id, or 'system'
    action: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
    from: day('起始日期'),
    to: day('截止日期'),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], error: '截止日期不能早于起始日期' });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

// A calendar day in China starts at 00:00 UTC+8 (no daylight saving).
const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);
const nextDay = (date: string) => new Date(chinaMidnight(date).getTime() + 86_400_000);

export async function listAuditEvents(filter: AuditFilter) {
  const where = {
    ...(filter.actor === 'system' ? { actorId: null } : filter.actor ? { actorId: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: chinaMidnight(filter.from) } : {}),
            ...(filter.to ? { lt: nextDay(filter.to) } : {}),
          },
        }
      : {}),
  };
  const [total, events, actions, people] = await Promise.all([
    prisma.auditEvent.count({ where }),
    prisma.auditEvent.findMany({
      where,
      orderBy: { seq: 'desc' },
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        seq: true,
        actorId: true,
        action: true,
        entity: true,
        entityId: true,
        before: true,
        after: true,
        createdAt: true,
        hash: true,
      },
    }),
    prisma.auditEvent.groupBy({ by: ['action'], orderBy: { action: 'asc' } }),
    prisma.user.findMany({
      select: { id: true, displayName: true, username: true },
      orderBy: { username: 'asc' },
    }),
  ]);
  const names = new Map(people.map((a) => [a.id, `${a.displayName}（${a.username}）`]));
  return {
    total,
    events: events.map((e) => ({ ...e, actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : '系统' })),
    actions: actions.map((a) => a.action),
    people: people.map((p) => ({ id: p.id, label: names.get(p.id)! })),
  };
}
