// The chair's commands (issue 10 §2, §5) through the model: every command's rule and refusal, the
// optimistic version (409 with the current snapshot), audit entries, the log the summary reads.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { runCommand, sessionSummary, getSession } from '#app/models/session.server';
import { makeSessionRound, ok, submitFor } from './fixtures';

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
    expect(s.timings).toEqual({ presentationSeconds: 600, qaSeconds: 300, scoringSeconds: 300 });
    s = await ok(chair, s, { command: 'start' });
    expect(s.state).toBe('live');
    for (const e of panel.experts) s = await ok(chair, s, { command: 'check-in', expertId: e.id });
    expect(Object.keys(s.checkIns).sort()).toEqual(panel.experts.map((e) => e.id).sort());
    const item = panel.itemIds[0];
    s = await ok(chair, s, { command: 'set-current', itemId: item });
    expect(s.currentItemId).toBe(item);
    expect(s.items[0].status).toBe('current');
    const t0 = new Date('2026-12-04T01:00:00Z');
    s = await ok(chair, s, { command: 'start-phase', phase: 'presentation' }, t0);
    expect(s.phase).toBe('presentation');
    expect(s.phaseEndsAt).toBe(new Date(t0.getTime() + 600_000).toISOString());
    s = await ok(chair, s, { command: 'open-scoring' }, new Date(t0.getTime() + 660_000));
    expect(s.scoringOpen).toBe(true);
    expect(s.phase).toBeNull();
    for (const e of panel.experts) expect((await submitFor(r, item, e)).ok).toBe(true);
    const after = await getSession(chair, s.id);
    expect(after.ok && after.session.currentSubmittedBy.length).toBe(3);
    s = after.ok ? after.session : s;
    s = await ok(chair, s, { command: 'lock-item' });
    expect(s.items[0].status).toBe('locked');
    expect(s.scoringOpen).toBe(false);
    s = await ok(chair, s, { command: 'end' });
    expect(s.state).toBe('closed');
    const again = await runCommand(chair, s.id, { command: 'start', version: s.version });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.status).toBe(409);
    expect(!again.ok && again.error).toBe('答辩会已结束');
    const summary = await sessionSummary(r.agency, s.id);
    expect(summary.ok && summary.summary.itemsScored).toBe(1);
    expect(summary.ok && summary.summary.overruns).toEqual([
      { itemId: item, itemName: expect.any(String), phase: 'presentation', overrunSeconds: 60 },
    ]);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: s.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'session.create',
        'session.start',
        'session.check-in',
        'session.set-current',
        'session.start-phase',
        'session.open-scoring',
        'session.lock-item',
        'session.end',
      ]),
    );
  });
});
