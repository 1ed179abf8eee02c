// Planning a session (issue 10 §1): the agency creates, edits (versioned) and deletes sessions of a
// drawn panel; bad input is a 400 naming the field and changes nothing.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { createSession, deleteSession, listRoundSessions, updateSession } from '#app/models/session.server';
import { makeScoringRound, makeUser } from '#tests/integration/scoring/fixtures';
import { makeSessionRound, ok } from './fixtures';

describe('planning sessions', () => {
  it("creates with the panel's items in assignment order by default, refuses others and bad input", async () => {
    const r = await makeScoringRound({
      panels: [
        { experts: 3, items: 3 },
        { experts: 2, items: 1 },
      ],
    });
    const [p1, p2] = r.panels;
    const count = () => prisma.defenceSession.count({ where: { panelId: p1.id } });
    const made = await createSession(r.agency, p1.id, {});
    if (!made.ok) throw new Error(made.error);
    expect(made.session).toMatchObject({
      panelId: p1.id,
      roundId: r.roundId,
      state: 'scheduled',
      order: p1.itemIds,
      version: 1,
      name: null,
    });
    expect(made.session.items.every((i) => i.status === 'pending')).toBe(true);
    expect(
      await prisma.auditEvent.count({ where: { action: 'session.create', entityId: made.session.id } }),
    ).toBe(1);
    const before = await count();
    const cases: [unknown, RegExp][] = [
      [{ order: [p1.itemIds[0], p1.itemIds[0]] }, /重复/],
      [{ order: [p2.itemIds[0]] }, /未分配给该专家组/],
      [{ name: 'x'.repeat(101) }, /名称不超过 100 字/],
      [{ venue: 'x'.repeat(201) }, /地点不超过 200 字/],
      [{ scheduledAt: '明天上午' }, /scheduledAt|ISO/],
      [{ timings: { qaSeconds: 59 } }, /问答时长不少于 60 秒/],
      [{ timings: { presentationSeconds: 14_401 } }, /陈述时长不超过 14400 秒/],
      [{ timings: { breaks: [{ afterIndex: 0, seconds: 30 }] } }, /休息时长/],
      [{ colour: 'red' }, /colour/],
      ['not an object', /对象/],
    ];
    for (const [input, message] of cases) {
      const out = await createSession(r.agency, p1.id, input);
      expect(out.ok, JSON.stringify(input)).toBe(false);
      if (out.ok) continue;
      expect(out.status).toBe(400);
      expect(out.error).toMatch(message);
    }
    expect(await count()).toBe(before);
    const chair = await createSession(p1.chair, p1.id, {});
    expect(!chair.ok && chair.status).toBe(403);
    expect(!(await createSession(r.agency, 'no-such-panel', {})).ok).toBe(true);
    // A panel not drawn yet: nothing to plan.
    await prisma.panelMember.updateMany({ where: { panelId: p2.id }, data: { status: 'replaced' } });
    const undrawn = await createSession(r.agency, p2.id, {});
    expect(!undrawn.ok && undrawn.status).toBe(409);
    // A round past scoring: no new sessions.
    await prisma.round.update({ where: { id: r.roundId }, data: { state: 'results' } });
    const late = await createSession(r.agency, p1.id, {});
    expect(!late.ok && late.status).toBe(409);
    await prisma.round.update({ where: { id: r.roundId }, data: { state: 'scoring' } });
    const withAll = await createSession(r.agency, p1.id, {
      name: ' 上午场 ',
      venue: '会议室',
      scheduledAt: '2026-12-04T09:00:00+08:00',
      order: [p1.itemIds[2], p1.itemIds[0]],
      timings: { presentationSeconds: 900, breaks: [{ afterIndex: 0, seconds: 600 }] },
    });
    if (!withAll.ok) throw new Error(withAll.error);
    expect(withAll.session).toMatchObject({
      name: '上午场',
      scheduledAt: '2026-12-04T01:00:00.000Z',
      order: [p1.itemIds[2], p1.itemIds[0]],
      timings: { presentationSeconds: 900, qaSeconds: 300, scoringSeconds: 300 },
    });
    const list = await listRoundSessions(r.agency, r.roundId);
    if (!list.ok) throw new Error(list.error);
    const first = list.panels.find((p) => p.panelId === p1.id)!;
    expect(first.sessions.map((x) => x.id)).toContain(withAll.session.id);
    expect(first.items.map((i) => i.id)).toEqual(p1.itemIds);
    expect(first.items[0].applicant).toMatch(/评分测试单位/);
    expect(first.defaultTimings).toEqual({ presentationSeconds: 600, qaSeconds: 300, scoringSeconds: 300 });
    // A chair sees only the panels they sit on; a stranger nothing.
    const chairList = await listRoundSessions(p1.chair, r.roundId);
    expect(chairList.ok && chairList.panels.map((p) => p.panelId)).toEqual([p1.id]);
    const stranger = await makeUser(`stranger-plan-${Date.now()}`, ['expert']);
    expect((await listRoundSessions(stranger, r.roundId)).ok).toBe(false);
  });

  it('edits: everything while scheduled, versioned; while live only name, venue and the order of items not yet called', async () => {
    const r = await makeSessionRound({ items: 4 });
    const p = r.panels[0];
    let s = r.session;
    const stale = await updateSession(r.agency, s.id, { version: s.version + 5, name: '新名称' });
    expect(!stale.ok && stale.status).toBe(409);
    expect(!stale.ok && stale.session?.version).toBe(s.version);
    const edited = await updateSession(r.agency, s.id, {
      version: s.version,
      name: '下午场',
      scheduledAt: '2026-12-04T14:00:00+08:00',
      order: [...p.itemIds].reverse(),
      timings: { qaSeconds: 600 },
    });
    if (!edited.ok) throw new Error(edited.error);
    s = edited.session;
    expect(s).toMatchObject({ name: '下午场', order: [...p.itemIds].reverse(), version: 2 });
    expect(s.timings.qaSeconds).toBe(600);
    const chairEdit = await updateSession(p.chair, s.id, { version: s.version, name: '组长改' });
    expect(!chairEdit.ok && chairEdit.status).toBe(403);
    const bad = await updateSession(r.agency, s.id, { version: s.version, order: ['nope'] });
    expect(!bad.ok && bad.status).toBe(400);
    s = await ok(p.chair, s, { command: 'start' });
    s = await ok(p.chair, s, { command: 'set-current', itemId: s.order[0] });
    const [called, a, b, c] = s.order;
    const when = await updateSession(r.agency, s.id, {
      version: s.version,
      scheduledAt: '2026-12-05T09:00:00+08:00',
    });
    expect(!when.ok && when.status).toBe(409);
    const moveCalled = await updateSession(r.agency, s.id, { version: s.version, order: [a, called, b, c] });
    expect(!moveCalled.ok && moveCalled.status).toBe(409);
    const drop = await updateSession(r.agency, s.id, { version: s.version, order: [called, a, b] });
    expect(!drop.ok && drop.status).toBe(409);
    const reorder = await updateSession(r.agency, s.id, {
      version: s.version,
      order: [called, c, b, a],
      venue: '2 号厅',
    });
    if (!reorder.ok) throw new Error(reorder.error);
    expect(reorder.session).toMatchObject({
      order: [called, c, b, a],
      venue: '2 号厅',
      currentItemId: called,
    });
    expect(await prisma.auditEvent.count({ where: { action: 'session.update', entityId: s.id } })).toBe(2);
    // Delete: only while scheduled.
    const gone = await deleteSession(r.agency, s.id, reorder.session.version);
    expect(!gone.ok && gone.status).toBe(409);
  });

  it('deletes a scheduled session with its version; the chair cannot', async () => {
    const r = await makeSessionRound();
    const s = r.session;
    expect((await deleteSession(r.panels[0].chair, s.id, s.version)).ok).toBe(false);
    const stale = await deleteSession(r.agency, s.id, s.version + 1);
    expect(!stale.ok && stale.status).toBe(409);
    const done = await deleteSession(r.agency, s.id, s.version);
    expect(done).toEqual({ ok: true, deleted: true });
    expect(await prisma.defenceSession.count({ where: { id: s.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: 'session.delete', entityId: s.id } })).toBe(1);
  });
});
