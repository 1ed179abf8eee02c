// The defence-session contract over real HTTP and real sockets (issue 10 §5, docs/api.md "Defence
// sessions", docs/realtime.md): create 201, the snapshot at the top level, commands 200 / 403 / 409
// with the current snapshot, racing requests, session rooms for the panel and the agency only, and
// session.updated after every command with growing versions; a 复议 reaches the expert as
// sheet.updated with the reason.
import '#tests/support/use-test-db';
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sessionSnapshotSchema,
  sessionSubscribeAckSchema,
  type SessionSnapshot,
  type SheetUpdated,
} from '#app/realtime/events';
import { prisma } from '#app/utils/db.server';
import type { SessionUser } from '#app/models/auth.server';
import { freshIp, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import {
  makeScoringRound,
  makeUser,
  PASSWORD,
  scoresFor,
  type ScoringRound,
} from '#tests/integration/scoring/fixtures';

let server: TestServer;
let r: ScoringRound;
const tokens = new Map<string, string>();
let dept: SessionUser;
let stranger: SessionUser;
const sockets: Socket[] = [];

async function token(user: SessionUser): Promise<string> {
  const known = tokens.get(user.id);
  if (known) return known;
  const response = await request(server, '/api/v1/auth/token', {
    json: { username: user.username, password: PASSWORD },
    headers: { 'x-forwarded-for': freshIp() },
  });
  expect(response.status).toBe(201);
  const { token: t } = (await response.json()) as { token: string };
  tokens.set(user.id, t);
  return t;
}

async function call(user: SessionUser, path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await request(server, path, {
    method: init.method,
    json: init.json,
    headers: { authorization: `Bearer ${await token(user)}` },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

const command = (user: SessionUser, snap: { id: string; version: number }, body: Record<string, unknown>) =>
  call(user, `/api/v1/sessions/${snap.id}/commands`, { json: { version: snap.version, ...body } });

type Follower = { socket: Socket; snapshots: SessionSnapshot[]; sheets: SheetUpdated[] };

async function follower(user: SessionUser): Promise<Follower> {
  const socket = connect(server.url, {
    transports: ['websocket'],
    auth: { token: await token(user) },
    reconnection: false,
  });
  sockets.push(socket);
  const f: Follower = { socket, snapshots: [], sheets: [] };
  socket.on('session.updated', (s: SessionSnapshot) => f.snapshots.push(s));
  socket.on('sheet.updated', (e: SheetUpdated) => f.sheets.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return f;
}

async function until(check: () => boolean, ms = 5_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for a live event');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  r = await makeScoringRound({
    panels: [
      { experts: 3, items: 3, quorum: 2 },
      { experts: 2, items: 1 },
    ],
  });
  dept = await makeUser(`dept-api-${Date.now()}`, ['department']);
  stranger = await makeUser(`stranger-api-${Date.now()}`, ['expert']);
}, 300_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

describe('defence sessions over HTTP and sockets', () => {
  it('plans over the API: 201 {session}, the list, PATCH versioned, DELETE while scheduled; others refused', async () => {
    const [p1, p2] = r.panels;
    const created = await call(r.agency, `/api/v1/panels/${p1.id}/sessions`, {
      json: { name: '临时场次', order: [p1.itemIds[1]] },
    });
    expect(created.status).toBe(201);
    const session = sessionSnapshotSchema.parse(created.body.session);
    expect(session).toMatchObject({ panelId: p1.id, state: 'scheduled', order: [p1.itemIds[1]], version: 1 });
    expect((await call(p1.chair, `/api/v1/panels/${p1.id}/sessions`, { json: {} })).status).toBe(403);
    const bad = await call(r.agency, `/api/v1/panels/${p1.id}/sessions`, {
      json: { timings: { qaSeconds: 5 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/问答时长/);
    const list = await call(p1.experts[1].user, `/api/v1/panels/${p1.id}/sessions`);
    expect(list.status).toBe(200);
    expect((list.body.sessions as SessionSnapshot[]).map((s) => s.id)).toContain(session.id);
    expect((await call(p2.chair, `/api/v1/panels/${p1.id}/sessions`)).status).toBe(404);
    const patched = await call(r.agency, `/api/v1/sessions/${session.id}`, {
      method: 'PATCH',
      json: { version: 1, venue: '2 号厅' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.session).toMatchObject({ venue: '2 号厅', version: 2 });
    const stale = await call(r.agency, `/api/v1/sessions/${session.id}`, {
      method: 'PATCH',
      json: { version: 1, venue: '3 号厅' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.session).toMatchObject({ venue: '2 号厅', version: 2 });
    expect(
      (await call(p1.chair, `/api/v1/sessions/${session.id}`, { method: 'DELETE', json: { version: 2 } }))
        .status,
    ).toBe(403);
    const gone = await call(r.agency, `/api/v1/sessions/${session.id}?version=2`, { method: 'DELETE' });
    expect(gone).toEqual({ status: 200, body: { deleted: true } });
    expect((await call(r.agency, `/api/v1/sessions/${session.id}`)).status).toBe(404);
  });

  it('runs a session: top-level snapshots, 403 / 404 / 409, racing chairs, live updates to the room', async () => {
    const [p1, p2] = r.panels;
    const chair = p1.chair;
    const member = p1.experts[1];
    const created = await call(r.agency, `/api/v1/panels/${p1.id}/sessions`, { json: { name: '第一场' } });
    expect(created.status).toBe(201);
    let s = created.body.session as SessionSnapshot;

    // GET: the snapshot itself, its fields at the top level (issue 10 §5).
    const got = await call(member.user, `/api/v1/sessions/${s.id}`);
    expect(got.status).toBe(200);
    for (const key of [
      'id',
      'panelId',
      'state',
      'currentItemId',
      'phase',
      'phaseEndsAt',
      'serverNow',
      'scoringOpen',
      'checkIns',
      'order',
      'submissions',
      'version',
    ])
      expect(got.body).toHaveProperty(key);
    expect(sessionSnapshotSchema.parse(got.body).id).toBe(s.id);
    for (const who of [p2.chair, stranger])
      expect((await call(who, `/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await call(dept, `/api/v1/sessions/${s.id}`)).status).toBe(200);

    // The room: a member and the agency follow; another panel's chair and a stranger are refused.
    const [tablet, agencyScreen, foreign, outsider] = await Promise.all([
      follower(member.user),
      follower(r.agency),
      follower(p2.chair),
      follower(stranger),
    ]);
    for (const f of [tablet, agencyScreen]) {
      const ack = sessionSubscribeAckSchema.parse(
        await f.socket.timeout(5_000).emitWithAck('subscribe', { room: `session:${s.id}` }),
      );
      expect(ack).toMatchObject({
        ok: true,
        room: `session:${s.id}`,
        version: s.version,
        session: { id: s.id },
      });
    }
    for (const f of [foreign, outsider]) {
      const ack = sessionSubscribeAckSchema.parse(
        await f.socket.timeout(5_000).emitWithAck('subscribe', { room: `session:${s.id}` }),
      );
      expect(ack).toEqual({ ok: false, error: '答辩会不存在' });
    }

    // Not that panel's chair nor the agency: 403, whoever they are.
    for (const who of [p2.chair, member.user, dept, stranger]) {
      const refused = await command(who, s, { command: 'start' });
      expect(refused.status).toBe(403);
    }

    // Commands: 200 with the snapshot at the top level.
    const answers: SessionSnapshot[] = [];
    const run = async (user: SessionUser, body: Record<string, unknown>) => {
      const out = await command(user, s, body);
      expect(out.status, JSON.stringify(out.body)).toBe(200);
      s = sessionSnapshotSchema.parse(out.body);
      answers.push(s);
      return s;
    };
    await run(chair, { command: 'start' });
    for (const e of p1.experts)
      await run(e === member ? r.agency : chair, { command: 'check-in', expertId: e.id });
    await run(chair, { command: 'set-current', itemId: p1.itemIds[0] });
    await run(chair, { command: 'start-phase', phase: 'presentation' });
    await run(chair, { command: 'extend', seconds: 120 });
    await run(chair, { command: 'pause' });
    await run(chair, { command: 'resume' });
    await run(chair, { command: 'open-scoring' });

    // A stale version: 409 with the current snapshot.
    const stale = await command(chair, { id: s.id, version: s.version - 2 }, { command: 'close-scoring' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('会话状态已更新，请按最新状态重试');
    expect(sessionSnapshotSchema.parse(stale.body.session)).toMatchObject({
      version: s.version,
      scoringOpen: true,
    });
    // Bad bodies: 400 naming the field.
    const bad = await command(chair, s, { command: 'extend', seconds: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/seconds/);

    // Every expert submits over HTTP (checked in, scoring open for the current item).
    const scores = await scoresFor(r.roundId);
    for (const e of p1.experts) {
      const sheet = await prisma.scoreSheet.findFirstOrThrow({
        where: { itemId: p1.itemIds[0], expertId: e.id },
      });
      const submitted = await request(server, `/api/v1/sheets/${sheet.id}/submit`, {
        json: { version: sheet.version, scores },
        headers: { authorization: `Bearer ${await token(e.user)}`, 'idempotency-key': randomUUID() },
      });
      expect(submitted.status).toBe(200);
    }
    s = sessionSnapshotSchema.parse((await call(chair, `/api/v1/sessions/${s.id}`)).body);
    expect(s.currentSubmittedBy).toHaveLength(3);
    await run(chair, { command: 'close-scoring' });
    // 复议: the expert's socket hears sheet.updated with the reason.
    await run(chair, { command: 'request-rescore', expertIds: [member.id], reason: '请复核第二项' });
    await until(() => tablet.sheets.some((e) => e.action === 'reopened'));
    expect(tablet.sheets.find((e) => e.action === 'reopened')).toMatchObject({
      itemId: p1.itemIds[0],
      state: 'draft',
      reason: '请复核第二项',
    });
    const sheet = await prisma.scoreSheet.findFirstOrThrow({
      where: { itemId: p1.itemIds[0], expertId: member.id },
    });
    const resubmit = await request(server, `/api/v1/sheets/${sheet.id}/submit`, {
      json: { version: sheet.version, scores },
      headers: { authorization: `Bearer ${await token(member.user)}`, 'idempotency-key': randomUUID() },
    });
    expect(resubmit.status).toBe(200);
    s = sessionSnapshotSchema.parse((await call(chair, `/api/v1/sessions/${s.id}`)).body);
    await run(chair, { command: 'lock-item' });
    await until(() => tablet.sheets.some((e) => e.action === 'locked'));

    // Two chair tabs (the chair and the agency) with the same version: one 200, one 409 + snapshot.
    const [a, b] = await Promise.all([
      command(chair, s, { command: 'set-current', itemId: p1.itemIds[1] }),
      command(r.agency, s, { command: 'set-current', itemId: p1.itemIds[2] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = sessionSnapshotSchema.parse((a.status === 200 ? a : b).body);
    const loser = (a.status === 409 ? a : b).body;
    expect(sessionSnapshotSchema.parse(loser.session)).toMatchObject({
      version: winner.version,
      currentItemId: winner.currentItemId,
    });
    s = winner;
    answers.push(s);
    await run(chair, { command: 'end' });
    const closed = await command(chair, s, { command: 'start' });
    expect(closed).toMatchObject({ status: 409, body: { error: '答辩会已结束' } });

    // Every command's snapshot reached both followers, in order, versions growing one by one.
    const last = answers[answers.length - 1].version;
    await until(() => [tablet, agencyScreen].every((f) => f.snapshots.some((x) => x.version === last)));
    for (const f of [tablet, agencyScreen]) {
      const versions = f.snapshots.map((x) => x.version);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      expect(versions).toEqual(expect.arrayContaining(answers.map((x) => x.version)));
      for (const x of f.snapshots) sessionSnapshotSchema.parse(x);
    }
    expect(foreign.snapshots).toEqual([]);
    expect(outsider.snapshots).toEqual([]);

    // The summary.
    const summary = await call(r.agency, `/api/v1/sessions/${s.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.summary).toMatchObject({ itemsScored: 1, itemsTotal: 3, absentExperts: [] });
    expect((await call(stranger, `/api/v1/sessions/${s.id}/summary`)).status).toBe(404);
    // Audited: one entry per accepted command.
    const audited = await prisma.auditEvent.count({
      where: { entityId: s.id, action: { startsWith: 'session.' } },
    });
    expect(audited).toBe(1 + answers.length);
  });
});
