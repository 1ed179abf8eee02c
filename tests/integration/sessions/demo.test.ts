// The demo seed plans one defence session for the demo chair's panel (through the session model):
// a newcomer signing in as `chair` finds it, scheduled for tomorrow 09:00 Beijing.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { canRunSession, getSession, listRoundSessions } from '#app/models/session.server';
import { seedDatabase, tomorrowNineBeijing } from '#seeds/load.server';
import type { SessionUser } from '#app/models/auth.server';

describe('demo seed', () => {
  it('tomorrowNineBeijing is 01:00 UTC of the next Beijing day', () => {
    expect(tomorrowNineBeijing(new Date('2026-12-03T15:59:00Z'))).toBe('2026-12-04T01:00:00.000Z');
    // 16:00 UTC is already the 4th in Beijing: tomorrow is the 5th.
    expect(tomorrowNineBeijing(new Date('2026-12-03T16:00:00Z'))).toBe('2026-12-05T01:00:00.000Z');
  });

  it('plans a session the chair can run, audited as session.create by the agency', async () => {
    const before = Date.now();
    await seedDatabase(prisma);
    const user = await prisma.user.findUniqueOrThrow({
      where: { username: 'chair' },
      select: { id: true, username: true, displayName: true, roles: { select: { role: true } } },
    });
    const chair: SessionUser = { ...user, roles: user.roles.map((r) => r.role), mustChangePassword: false };
    const seat = await prisma.panelMember.findFirstOrThrow({
      where: { role: 'chair', expert: { userId: user.id } },
      select: { panelId: true, panel: { select: { roundId: true } } },
    });
    const sessions = await prisma.defenceSession.findMany({ where: { panelId: seat.panelId } });
    expect(sessions).toHaveLength(1);
    const [row] = sessions;
    expect(row.state).toBe('scheduled');
    expect(row.scheduledAt?.toISOString()).toBe(tomorrowNineBeijing(new Date(before)));
    expect(await canRunSession(chair, row.id)).toBe(true);
    const read = await getSession(chair, row.id);
    if (!read.ok) throw new Error(read.error);
    expect(read.session.order.length).toBeGreaterThan(0);
    const assigned = await prisma.assignment.count({ where: { panelId: seat.panelId } });
    expect(read.session.order).toHaveLength(assigned);
    const list = await listRoundSessions(chair, seat.panel.roundId);
    expect(list.ok && list.panels.flatMap((p) => p.sessions.map((s) => s.id))).toContain(row.id);
    const agency = await prisma.user.findUniqueOrThrow({ where: { username: 'agency' } });
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'session.create', entityId: row.id },
    });
    expect(audit.actorId).toBe(agency.id);
  });
});
