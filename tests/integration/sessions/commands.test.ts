// The chair's commands (issue 10 §2, §5) through the model: every command's rule and refusal, the
// optimistic version (409 with the current snapshot), the timers on an injected server clock, audit
// entries, the log the summary reads, and who may run a session.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import {
  activeSessionForExpert,
  canRunSession,
  getSession,
  mayFollowSession,
  runCommand,
  sessionConsole,
  sessionSummary,
} from '#app/models/session.server';
import { makeUser } from '#tests/integration/scoring/fixtures';
import { makeSessionRound, ok, submitFor } from './fixtures';
import type { SessionSnapshot } from '#app/realtime/events';

const T0 = new Date('2026-12-04T01:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

async function refused(
  actor: Parameters<typeof runCommand>[0],
  snap: SessionSnapshot,
  body: Record<string, unknown>,
  status: number,
  message?: string | RegExp,
) {
  const out = await runCommand(actor, snap.id, { version: snap.version, ...body });
  expect(out.ok).toBe(false);
  if (out.ok) return;
  expect(out.status).toBe(status);
  if (message) expect(out.error).toMatch(message);
  // Nothing changed: the stored version is the one the caller sent.
  const row = await prisma.defenceSession.findUniqueOrThrow({ where: { id: snap.id } });
  expect(row.version).toBe(snap.version);
  return out;
}

describe('session commands', () => {
  it('runs a session from start to end: start, check-in, call, phases, scoring, lock, end', async () => {
    const r = await makeSessionRound();
    const panel = r.panels[0];
    const chair = panel.chair;
    let s = r.session;
    expect(s.state).toBe('scheduled');
    expect(s.order).toEqual(panel.itemIds);
    expect(s.seated).toBe(3);
    expect(s.quorum).toBe(2);
    // sichuan-2025-annual's preset: 10 / 5 / 5 minutes.
    expect(s.timings).toEqual({ presentationSeconds: 600, qaSeconds: 300, scoringSeconds: 300 });
    s = await ok(chair, s, { command: 'start' });
    expect(s.state).toBe('live');
    for (const e of panel.experts) s = await ok(chair, s, { command: 'check-in', expertId: e.id });
    expect(Object.keys(s.checkIns).sort()).toEqual(panel.experts.map((e) => e.id).sort());
    const item = panel.itemIds[0];
    s = await ok(chair, s, { command: 'set-current', itemId: item });
    expect(s.currentItemId).toBe(item);
    expect(s.items.map((i) => i.status)).toEqual(['current', 'pending', 'pending']);
    s = await ok(chair, s, { command: 'start-phase', phase: 'presentation' }, T0);
    expect(s.phase).toBe('presentation');
    expect(s.phaseEndsAt).toBe(at(600_000).toISOString());
    s = await ok(chair, s, { command: 'open-scoring' }, at(660_000));
    expect(s.scoringOpen).toBe(true);
    expect(s.phase).toBeNull();
    for (const e of panel.experts) expect((await submitFor(r, item, e)).ok).toBe(true);
    const after = await getSession(chair, s.id);
    if (!after.ok) throw new Error(after.error);
    expect(after.session.currentSubmittedBy).toEqual(panel.experts.map((e) => e.id).sort());
    expect(after.session.submissions[item]).toEqual({ submitted: 3, expected: 3 });
    s = await ok(chair, after.session, { command: 'lock-item' });
    expect(s.items[0].status).toBe('locked');
    expect(s.scoringOpen).toBe(false);
    s = await ok(chair, s, { command: 'end' });
    expect(s.state).toBe('closed');
    await refused(chair, s, { command: 'start' }, 409, '答辩会已结束');
    await refused(r.agency, s, { command: 'pause' }, 409, '答辩会已结束');
    const summary = await sessionSummary(r.agency, s.id);
    if (!summary.ok) throw new Error(summary.error);
    expect(summary.summary.itemsScored).toBe(1);
    expect(summary.summary.itemsTotal).toBe(3);
    expect(summary.summary.absentExperts).toEqual([]);
    expect(summary.summary.overruns).toEqual([
      { itemId: item, itemName: expect.any(String), phase: 'presentation', overrunSeconds: 60 },
    ]);
    const audit = await prisma.auditEvent.findMany({
      where: { entityId: s.id },
      select: { action: true, actorId: true },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'session.create',
      'session.start',
      'session.check-in',
      'session.check-in',
      'session.check-in',
      'session.set-current',
      'session.start-phase',
      'session.open-scoring',
      'session.lock-item',
      'session.end',
    ]);
    expect(audit.slice(1).every((a) => a.actorId === chair.id)).toBe(true);
    // The lock went through the same write as the chair's lock power.
    expect(await prisma.auditEvent.count({ where: { action: 'item.lock', entityId: item } })).toBe(1);
  });

  it('timers: pause, resume and extend keep the server clock the truth', async () => {
    const r = await makeSessionRound();
    const chair = r.panels[0].chair;
    let s = await ok(chair, r.session, { command: 'start' });
    s = await ok(chair, s, { command: 'set-current', itemId: r.panels[0].itemIds[0] });
    s = await ok(chair, s, { command: 'start-phase', phase: 'qa' }, T0);
    expect(s.phaseSeconds).toBe(300);
    expect(s.phaseEndsAt).toBe(at(300_000).toISOString());
    expect(s.phaseRemainingMs).toBeNull();
    // 100 s in: pause → 200 s left, frozen.
    s = await ok(chair, s, { command: 'pause' }, at(100_000));
    expect(s.state).toBe('paused');
    expect(s.phaseEndsAt).toBeNull();
    expect(s.phaseRemainingMs).toBe(200_000);
    // Extend while paused: the frozen remainder grows, the planned length too.
    s = await ok(chair, s, { command: 'extend', seconds: 60 }, at(500_000));
    expect(s.phaseRemainingMs).toBe(260_000);
    expect(s.phaseSeconds).toBe(360);
    // Resume much later: the end is now + what was left.
    s = await ok(chair, s, { command: 'resume' }, at(1_000_000));
    expect(s.state).toBe('live');
    expect(s.phaseRemainingMs).toBeNull();
    expect(s.phaseEndsAt).toBe(at(1_260_000).toISOString());
    // Extend while running: the end moves.
    s = await ok(chair, s, { command: 'extend', seconds: 30 }, at(1_100_000));
    expect(s.phaseEndsAt).toBe(at(1_290_000).toISOString());
    expect(s.phaseSeconds).toBe(390);
    // Pause after the end: a negative remainder (overrun).
    s = await ok(chair, s, { command: 'pause' }, at(1_300_000));
    expect(s.phaseRemainingMs).toBe(-10_000);
    s = await ok(chair, s, { command: 'resume' }, at(1_400_000));
    expect(s.phaseEndsAt).toBe(at(1_390_000).toISOString());
    // The next phase ends this one 20 s over (planned 390 s, 410 s spoken).
    s = await ok(chair, s, { command: 'start-phase', phase: 'presentation' }, at(1_410_000));
    expect(s.phase).toBe('presentation');
    expect(s.phaseEndsAt).toBe(at(1_410_000 + 600_000).toISOString());
    const row = await prisma.defenceSession.findUniqueOrThrow({ where: { id: s.id } });
    const log = JSON.parse(row.log) as {
      type: string;
      plannedSeconds?: number;
      actualSeconds?: number;
      overrunSeconds?: number;
    }[];
    expect(log.filter((e) => e.type === 'phase')).toEqual([
      expect.objectContaining({ phase: 'qa', plannedSeconds: 390, actualSeconds: 410, overrunSeconds: 20 }),
    ]);
    // Calling the next applicant ends the phase within time: no overrun recorded.
    s = await ok(chair, s, { command: 'set-current', itemId: r.panels[0].itemIds[1] }, at(1_500_000));
    expect(s.phase).toBeNull();
    expect(s.phaseEndsAt).toBeNull();
    const summary = await sessionSummary(chair, s.id);
    expect(summary.ok && summary.summary.overruns.map((o) => [o.phase, o.overrunSeconds])).toEqual([
      ['qa', 20],
    ]);
    // Session timings of its own replace the preset's.
    await prisma.defenceSession.update({
      where: { id: s.id },
      data: { timers: JSON.stringify({ qaSeconds: 120 }) },
    });
    s = await ok(chair, s, { command: 'start-phase', phase: 'qa' }, at(1_600_000));
    expect(s.phaseSeconds).toBe(120);
    expect(s.timings).toEqual({ presentationSeconds: 600, qaSeconds: 120, scoringSeconds: 300 });
  });

  it('refuses each command out of place, changing nothing', async () => {
    const r = await makeSessionRound({ panels: 2 });
    const [p1, p2] = r.panels;
    const chair = p1.chair;
    let s = r.session;
    await refused(chair, s, { command: 'pause' }, 409, '尚未开始');
    await refused(chair, s, { command: 'set-current', itemId: p1.itemIds[0] }, 409, '尚未开始');
    await refused(chair, s, { command: 'end' }, 409, '尚未开始');
    await refused(chair, s, { command: 'resume' }, 409, '未暂停');
    // Check-in works before the start (experts arrive early); a stranger cannot check in.
    s = await ok(chair, s, { command: 'check-in', expertId: p1.experts[1].id });
    await refused(chair, s, { command: 'check-in', expertId: p2.experts[0].id }, 409, '不在本专家组');
    // Checking in twice keeps the first instant.
    const first = s.checkIns[p1.experts[1].id];
    s = await ok(chair, s, { command: 'check-in', expertId: p1.experts[1].id });
    expect(s.checkIns[p1.experts[1].id]).toBe(first);
    s = await ok(chair, s, { command: 'start' });
    await refused(chair, s, { command: 'start' }, 409, '已开始');
    await refused(chair, s, { command: 'start-phase', phase: 'presentation' }, 409, '请先叫号');
    await refused(chair, s, { command: 'open-scoring' }, 409, '请先叫号');
    await refused(chair, s, { command: 'lock-item' }, 409, '请先叫号');
    await refused(chair, s, { command: 'extend', seconds: 60 }, 409, '没有计时');
    await refused(chair, s, { command: 'set-current', itemId: p2.itemIds[0] }, 409, '不在本场');
    s = await ok(chair, s, { command: 'set-current', itemId: p1.itemIds[0] });
    await refused(chair, s, { command: 'set-current', itemId: p1.itemIds[0] }, 409, '已是当前');
    await refused(chair, s, { command: 'close-scoring' }, 409, '未开放');
    await refused(
      chair,
      s,
      { command: 'request-rescore', expertIds: [p1.experts[1].id], reason: '请复核' },
      409,
      '尚未提交',
    );
    // Lock is refused naming who has not submitted.
    const lock = await refused(chair, s, { command: 'lock-item' }, 409, '尚有专家未提交评分');
    expect(lock && !lock.ok && lock.error).toContain(p1.experts[0].name);
    s = await ok(chair, s, { command: 'pause' });
    await refused(chair, s, { command: 'pause' }, 409, '已暂停');
    await refused(chair, s, { command: 'open-scoring' }, 409, '已暂停');
    await refused(chair, s, { command: 'start-phase', phase: 'qa' }, 409, '已暂停');
    s = await ok(chair, s, { command: 'resume' });
    s = await ok(chair, s, { command: 'open-scoring' });
    await refused(chair, s, { command: 'open-scoring' }, 409, '已开放');
    // Bad bodies: 400 naming the field, nothing changed.
    await refused(chair, s, { command: 'extend', seconds: 0 }, 400, /seconds/);
    await refused(chair, s, { command: 'extend', seconds: 3601 }, 400, /3600/);
    await refused(chair, s, { command: 'start-phase', phase: 'break' }, 400, /phase/);
    await refused(chair, s, { command: 'fly' }, 400, /command/);
    await refused(chair, s, { command: 'pause', extra: 1 }, 400, /extra/);
    await refused(chair, s, { command: 'request-rescore', expertIds: [], reason: 'x' }, 400, /expertIds/);
    await refused(
      chair,
      s,
      { command: 'request-rescore', expertIds: [p1.experts[0].id], reason: ' ' },
      400,
      /reason/,
    );
    await refused(
      chair,
      s,
      { command: 'request-rescore', expertIds: [p1.experts[0].id], reason: 'x'.repeat(501) },
      400,
      /500/,
    );
    const noVersion = await runCommand(chair, s.id, { command: 'pause' });
    expect(!noVersion.ok && noVersion.status).toBe(400);
    expect(!noVersion.ok && noVersion.error).toMatch(/version/);
  });

  it('a stale version is refused with 409 and the current snapshot; racing tabs: exactly one wins', async () => {
    const r = await makeSessionRound();
    const chair = r.panels[0].chair;
    let s = await ok(chair, r.session, { command: 'start' });
    const stale = await runCommand(chair, s.id, { command: 'pause', version: s.version - 1 });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.status).toBe(409);
    expect(stale.error).toBe('会话状态已更新，请按最新状态重试');
    expect(stale.session).toMatchObject({ id: s.id, version: s.version, state: 'live' });
    // The chair and the agency at once, with the same version.
    const [a, b] = await Promise.all([
      runCommand(chair, s.id, { command: 'set-current', itemId: r.panels[0].itemIds[0], version: s.version }),
      runCommand(r.agency, s.id, {
        command: 'set-current',
        itemId: r.panels[0].itemIds[1],
        version: s.version,
      }),
    ]);
    const outcomes = [a, b];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const loser = outcomes.find((o) => !o.ok)!;
    const winner = outcomes.find((o) => o.ok)!;
    expect(!loser.ok && loser.status).toBe(409);
    expect(!loser.ok && loser.session?.version).toBe(s.version + 1);
    expect(winner.ok && winner.session.version).toBe(s.version + 1);
    const row = await prisma.defenceSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.version).toBe(s.version + 1);
    expect(row.currentItemId).toBe(winner.ok ? winner.session.currentItemId : null);
    s = winner.ok ? winner.session : s;
    // Eight commands racing on one version: one audit entry, one version step.
    const before = await prisma.auditEvent.count({ where: { entityId: s.id } });
    const many = await Promise.all(
      r.panels[0].experts.flatMap((e) => [
        runCommand(chair, s.id, { command: 'check-in', expertId: e.id, version: s.version }),
        runCommand(r.agency, s.id, { command: 'check-in', expertId: e.id, version: s.version }),
      ]),
    );
    expect(many.filter((o) => o.ok)).toHaveLength(1);
    expect(many.filter((o) => !o.ok && o.status === 409)).toHaveLength(many.length - 1);
    expect(await prisma.auditEvent.count({ where: { entityId: s.id } })).toBe(before + 1);
  });

  it("only that panel's chair and the agency run a session; followers are the panel, the agency, the department", async () => {
    const r = await makeSessionRound({ panels: 2 });
    const [p1, p2] = r.panels;
    const dept = await makeUser(`dept-${Date.now()}`, ['department']);
    const stranger = await makeUser(`stranger-${Date.now()}`, ['expert']);
    const s = r.session;
    expect(await canRunSession(p1.chair, s.id)).toBe(true);
    expect(await canRunSession(r.agency, s.id)).toBe(true);
    for (const [who, follows] of [
      [p2.chair, false],
      [p1.experts[1].user, true],
      [dept, true],
      [stranger, false],
    ] as const) {
      expect(await canRunSession(who, s.id)).toBe(false);
      expect(await mayFollowSession(who, s.id)).toBe(follows);
      await refused(who, s, { command: 'start' }, 403, '只有该专家组的组长或评价机构');
      const read = await getSession(who, s.id);
      expect(read.ok ? 200 : read.status).toBe(follows ? 200 : 404);
      const summary = await sessionSummary(who, s.id);
      expect(summary.ok ? 200 : summary.status).toBe(follows ? 200 : 404);
    }
    // A chair whose seat was replaced runs nothing any more.
    await prisma.panelMember.updateMany({
      where: { panelId: p1.id, role: 'chair' },
      data: { status: 'replaced' },
    });
    expect(await canRunSession(p1.chair, s.id)).toBe(false);
    await refused(p1.chair, s, { command: 'start' }, 403);
    const missing = await runCommand(r.agency, 'no-such-session', { command: 'start', version: 1 });
    expect(!missing.ok && missing.status).toBe(404);
  });

  it('request-rescore reopens exactly the named sheets with the reason and opens scoring again', async () => {
    const r = await makeSessionRound();
    const panel = r.panels[0];
    const chair = panel.chair;
    let s = await ok(chair, r.session, { command: 'start' });
    for (const e of panel.experts) s = await ok(chair, s, { command: 'check-in', expertId: e.id });
    const item = panel.itemIds[0];
    s = await ok(chair, s, { command: 'set-current', itemId: item });
    s = await ok(chair, s, { command: 'open-scoring' });
    for (const e of panel.experts) expect((await submitFor(r, item, e)).ok).toBe(true);
    s = ((await getSession(chair, s.id)) as { session: SessionSnapshot }).session;
    s = await ok(chair, s, { command: 'close-scoring' });
    const named = [panel.experts[1].id, panel.experts[2].id];
    s = await ok(chair, s, {
      command: 'request-rescore',
      expertIds: named,
      reason: '分差过大，请复核第三项',
    });
    expect(s.scoringOpen).toBe(true);
    expect(s.currentSubmittedBy).toEqual([panel.experts[0].id]);
    const sheets = await prisma.scoreSheet.findMany({
      where: { itemId: item },
      select: { expertId: true, state: true, reopenedReason: true, reopenedById: true },
    });
    for (const sheet of sheets) {
      if (named.includes(sheet.expertId)) {
        expect(sheet).toMatchObject({
          state: 'draft',
          reopenedReason: '分差过大，请复核第三项',
          reopenedById: chair.id,
        });
      } else expect(sheet.state).toBe('submitted');
    }
    expect(
      await prisma.auditEvent.count({ where: { action: 'sheet.reopen', after: { contains: item } } }),
    ).toBe(2);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'session.request-rescore', entityId: s.id },
    });
    expect(JSON.parse(audit.after!)).toMatchObject({ expertIds: named, reason: '分差过大，请复核第三项' });
    // A sheet that is not submitted any more cannot be reopened again: all or nothing.
    await refused(
      chair,
      s,
      { command: 'request-rescore', expertIds: [panel.experts[0].id, panel.experts[1].id], reason: '再复核' },
      409,
      '尚未提交',
    );
    expect(
      (await prisma.scoreSheet.findFirstOrThrow({ where: { itemId: item, expertId: panel.experts[0].id } }))
        .state,
    ).toBe('submitted');
    // Resubmitted, then locked: the summary lists the reopened sheets.
    for (const e of panel.experts.slice(1)) expect((await submitFor(r, item, e)).ok).toBe(true);
    s = ((await getSession(chair, s.id)) as { session: SessionSnapshot }).session;
    s = await ok(chair, s, { command: 'lock-item' });
    await refused(
      chair,
      s,
      { command: 'request-rescore', expertIds: [panel.experts[0].id], reason: '锁定后' },
      409,
      '锁定',
    );
    const summary = await sessionSummary(r.agency, s.id);
    expect(summary.ok && summary.summary.reopenedSheets.map((x) => [x.expertName, x.reason])).toEqual([
      [panel.experts[1].name, '分差过大，请复核第三项'],
      [panel.experts[2].name, '分差过大，请复核第三项'],
    ]);
    // Two experts never checked in on another session of the panel would be absent; here none.
    expect(summary.ok && summary.summary.absentExperts).toEqual([]);
  });

  it('the console shows who submitted, the matrix only once scoring is closed; the tablets find the session', async () => {
    const r = await makeSessionRound({ settings: { screenShowsScores: true } });
    const panel = r.panels[0];
    const chair = panel.chair;
    const member = panel.experts[1];
    expect(await activeSessionForExpert(member.user.id)).toBeNull();
    let s = await ok(chair, r.session, { command: 'start' });
    for (const e of panel.experts) s = await ok(chair, s, { command: 'check-in', expertId: e.id });
    const item = panel.itemIds[1];
    s = await ok(chair, s, { command: 'set-current', itemId: item });
    const sheet = await prisma.scoreSheet.findFirstOrThrow({ where: { itemId: item, expertId: member.id } });
    expect(await activeSessionForExpert(member.user.id)).toEqual({
      sessionId: s.id,
      currentItemId: item,
      currentSheetId: sheet.id,
    });
    s = await ok(chair, s, { command: 'open-scoring' });
    expect((await submitFor(r, item, member)).ok).toBe(true);
    let c = await sessionConsole(chair, s.id);
    if (!c.ok) throw new Error(c.error);
    expect(c.canRun).toBe(true);
    expect(c.isAgency).toBe(false);
    expect(c.experts.map((e) => [e.expertId, e.role, e.submittedCurrent, e.sheetStateCurrent])).toEqual([
      [panel.experts[0].id, 'chair', false, 'draft'],
      [member.id, 'member', true, 'submitted'],
      [panel.experts[2].id, 'member', false, 'draft'],
    ]);
    expect(c.experts.every((e) => e.checkedInAt !== null)).toBe(true);
    expect(c.current?.matrix).toBeNull();
    const m = await sessionConsole(member.user, s.id);
    expect(m.ok && m.canRun).toBe(false);
    s = await ok(chair, c.session, { command: 'close-scoring' });
    c = await sessionConsole(chair, s.id);
    if (!c.ok) throw new Error(c.error);
    expect(c.current?.matrix?.itemId).toBe(item);
    expect(c.current?.matrix?.experts.find((e) => e.state === 'submitted')?.total).not.toBeNull();
    // lockedResult: only once the item is locked, and only because the round allows it.
    expect(s.lockedResult).toBeNull();
    s = await ok(chair, s, { command: 'open-scoring' });
    for (const e of [panel.experts[0], panel.experts[2]]) expect((await submitFor(r, item, e)).ok).toBe(true);
    s = ((await getSession(chair, s.id)) as { session: SessionSnapshot }).session;
    s = await ok(chair, s, { command: 'lock-item' });
    const result = await prisma.result.findUniqueOrThrow({ where: { itemId: item } });
    expect(s.lockedResult).toEqual({
      itemId: item,
      score: result.score === null ? null : Number(result.score),
      grade: result.finalGrade ?? result.grade,
      provisional: result.provisional,
    });
    s = await ok(chair, s, { command: 'end' });
    expect(await activeSessionForExpert(member.user.id)).toBeNull();
  });

  it('lockedResult stays null when the round does not allow the screen to show scores', async () => {
    const r = await makeSessionRound({ experts: 2, items: 1 });
    const panel = r.panels[0];
    let s = await ok(panel.chair, r.session, { command: 'start' });
    for (const e of panel.experts) s = await ok(panel.chair, s, { command: 'check-in', expertId: e.id });
    s = await ok(panel.chair, s, { command: 'set-current', itemId: panel.itemIds[0] });
    s = await ok(panel.chair, s, { command: 'open-scoring' });
    for (const e of panel.experts) expect((await submitFor(r, panel.itemIds[0], e)).ok).toBe(true);
    s = ((await getSession(panel.chair, s.id)) as { session: SessionSnapshot }).session;
    s = await ok(panel.chair, s, { command: 'lock-item' });
    expect(s.items[0].status).toBe('locked');
    expect(s.lockedResult).toBeNull();
  });
});
