// The audit page's reading: filtered by person, action and China calendar days.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { auditFilterSchema, listAuditEvents } from '#app/models/audit-log.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';

describe('audit log filter', () => {
  it('filters by person, action and date range, and refuses a reversed range', async () => {
    const user = await prisma.user.create({
      data: { username: 'audit-reader', displayName: '甲', passwordHash: 'x' },
    });
    const round = await createRound(
      createRoundSchema.parse({ presetId: 'sichuan-2025-annual', name: '审计筛选测试', year: 2026 }),
      user.id,
    );
    const byPerson = await listAuditEvents(auditFilterSchema.parse({ actor: user.id }));
    expect(byPerson.events.map((e) => e.action).sort()).toEqual(['round.create', 'scheme.copy']);
    const byAction = await listAuditEvents(auditFilterSchema.parse({ action: 'round.create' }));
    expect(byAction.events.map((e) => e.entityId)).toContain(round.id);
    expect(byAction.events.every((e) => e.action === 'round.create')).toBe(true);
    // Today in China includes the events; a day long past has none.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const inRange = await listAuditEvents(
      auditFilterSchema.parse({ actor: user.id, from: today, to: today }),
    );
    expect(inRange.total).toBe(2);
    const past = await listAuditEvents(auditFilterSchema.parse({ from: '2020-01-01', to: '2020-01-31' }));
    expect(past.total).toBe(0);
    expect(auditFilterSchema.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
  });
});
