// Big-screen links (大屏, issue 10 §3) over real HTTP and real sockets: who may create, list and
// revoke them; the token is shown once and only its hash is stored; the link expires at the end of
// the session's day in Beijing time; the page and the socket refuse unknown, revoked and expired
// tokens alike; a screen socket follows only its own session's room and is disconnected at once
// when its link is revoked, and by the sweep when it expires; a command reaches it live.
import '#tests/support/use-test-db';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfBeijingDay, screenLinkExpiry } from '#app/models/screen-link.server';
import { prisma } from '#app/utils/db.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { demoFixture, tokenFor } from '#tests/integration/realtime/support';
import {
  bearer,
  closeScreens,
  command,
  createLink,
  createSession,
  json,
  openScreen,
  screenSubscribe,
  until,
} from './support';

let server: TestServer;
let fx: Awaited<ReturnType<typeof demoFixture>>;
const tokens: Record<string, string> = {};
let p1Session: SessionSnapshot; // the chair's panel
let p2Session: SessionSnapshot; // the expert's panel

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  for (const name of ['agency', 'chair', 'expert', 'dept']) tokens[name] = await tokenFor(server, name);
  p1Session = await createSession(server, tokens.agency, fx.p1);
  p2Session = await createSession(server, tokens.agency, fx.p2);
}, 180_000);

afterAll(async () => {
  closeScreens();
  await server?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('expiry: the end of the session day in Beijing time', () => {
  it('ends at 23:59:59.999 +08:00 of the scheduled day, or of today when none or past', () => {
    // 2026-12-03 23:30 +08:00 is 15:30Z: still the 3rd in Beijing.
    expect(endOfBeijingDay(new Date('2026-12-03T15:30:00Z')).toISOString()).toBe('2026-12-03T15:59:59.999Z');
    // 2026-12-03 16:30Z is the 4th 00:30 in Beijing.
    expect(endOfBeijingDay(new Date('2026-12-03T16:30:00Z')).toISOString()).toBe('2026-12-04T15:59:59.999Z');
    const now = new Date('2026-12-03T02:00:00Z');
    expect(screenLinkExpiry(null, now).toISOString()).toBe('2026-12-03T15:59:59.999Z');
    expect(screenLinkExpiry(new Date('2026-11-01T01:00:00Z'), now).toISOString()).toBe(
      '2026-12-03T15:59:59.999Z',
    );
    expect(screenLinkExpiry(new Date('2026-12-10T01:00:00Z'), now).toISOString()).toBe(
      '2026-12-10T15:59:59.999Z',
    );
  });
});

describe('link lifecycle', () => {
  it('the chair creates a link: the token is shown once, only its hash is stored, audited', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id, '主会场投影');
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`/screen/${link.token}`);
    expect(link.label).toBe('主会场投影');
    expect(link.expiresAt).toBe(endOfBeijingDay(new Date(p1Session.scheduledAt!)).toISOString());

    const row = await prisma.screenLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(sha256(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    const events = await prisma.auditEvent.findMany({ where: { entityId: link.id } });
    expect(events.map((e) => e.action)).toEqual(['screen-link.create']);
    expect(JSON.stringify(events)).not.toContain(link.token);

    // The list never shows tokens.
    const listed = await request(server, `/api/v1/sessions/${p1Session.id}/screen-links`, {
      headers: bearer(tokens.chair),
    });
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect(text).not.toContain(link.token);
    expect(text).not.toContain(row.tokenHash);
    const { links } = JSON.parse(text) as { links: { id: string; active: boolean }[] };
    expect(links.find((l) => l.id === link.id)?.active).toBe(true);
  });

  it('the agency may manage links of any session; others get 403 or 404 and nothing is written', async () => {
    await createLink(server, tokens.agency, p2Session.id);
    const before = await prisma.screenLink.count();
    // The demo expert sits on P2: follows the session, may not run it.
    const member = await request(server, `/api/v1/sessions/${p2Session.id}/screen-links`, {
      headers: bearer(tokens.expert),
      json: {},
    });
    expect(member.status).toBe(403);
    // The chair of P1 is not on P2: the session is not theirs to see.
    const otherChair = await request(server, `/api/v1/sessions/${p2Session.id}/screen-links`, {
      headers: bearer(tokens.chair),
      json: {},
    });
    expect(otherChair.status).toBe(404);
    const list = await request(server, `/api/v1/sessions/${p2Session.id}/screen-links`, {
      headers: bearer(tokens.chair),
    });
    expect(list.status).toBe(404);
    const dept = await request(server, `/api/v1/sessions/${p2Session.id}/screen-links`, {
      headers: bearer(tokens.dept),
      json: {},
    });
    expect([403, 404]).toContain(dept.status);
    const anonymous = await request(server, `/api/v1/sessions/${p2Session.id}/screen-links`, { json: {} });
    expect(anonymous.status).toBe(401);
    const missing = await request(server, `/api/v1/sessions/no-such-session/screen-links`, {
      headers: bearer(tokens.agency),
      json: {},
    });
    expect(missing.status).toBe(404);
    expect(await prisma.screenLink.count()).toBe(before);
  });

  it('bad input is refused with a Chinese message naming the field', async () => {
    const before = await prisma.screenLink.count();
    const long = await request(server, `/api/v1/sessions/${p1Session.id}/screen-links`, {
      headers: bearer(tokens.chair),
      json: { label: '长'.repeat(41) },
    });
    const body = await json<{ error: string; fieldErrors: Record<string, string> }>(long, 400);
    expect(body.error).toContain('label');
    const extra = await request(server, `/api/v1/sessions/${p1Session.id}/screen-links`, {
      headers: bearer(tokens.chair),
      json: { label: 'x', token: 'mine' },
    });
    expect(extra.status).toBe(400);
    expect((await extra.json()).error).toContain('token');
    expect(await prisma.screenLink.count()).toBe(before);
  });

  it('revoking is audited, only by a runner of that session, and the page then answers 404', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    const page = await request(server, link.url);
    expect(page.status).toBe(200);
    // The server's default (same-origin) comes first; browsers apply the last policy they know.
    expect(page.headers.get('referrer-policy')).toMatch(/(^|, )no-referrer$/);
    const html = await page.text();
    expect(html).toContain('第一组（检验检测）');

    const refused = await request(server, `/api/v1/screen-links/${link.id}`, {
      method: 'DELETE',
      headers: bearer(tokens.expert),
    });
    expect(refused.status).toBe(404);
    const revoked = await request(server, `/api/v1/screen-links/${link.id}`, {
      method: 'DELETE',
      headers: bearer(tokens.chair),
    });
    const body = await json<{ link: { active: boolean; revokedAt: string } }>(revoked, 200);
    expect(body.link.active).toBe(false);
    expect((await prisma.auditEvent.findMany({ where: { entityId: link.id } })).map((e) => e.action)).toEqual(
      ['screen-link.create', 'screen-link.revoke'],
    );

    const after = await request(server, link.url);
    expect(after.status).toBe(404);
    expect(await after.text()).toContain('链接无效或已过期');
  });

  it('unknown, revoked and expired tokens get the same 404 page', async () => {
    const expired = await createLink(server, tokens.agency, p1Session.id);
    await prisma.screenLink.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const unknown = await request(server, `/screen/${'A'.repeat(43)}`);
    const garbage = await request(server, `/screen/not-a-token`);
    const old = await request(server, expired.url);
    const texts = await Promise.all([unknown, garbage, old].map((r) => r.text()));
    for (const [i, r] of [unknown, garbage, old].entries()) {
      expect(r.status).toBe(404);
      expect(texts[i]).toContain('链接无效或已过期');
    }
  });
});

describe('screen sockets', () => {
  it('a screen follows its own session: the ack carries the snapshot; other rooms are refused', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    const screen = await openScreen(server, link.token);
    const ack = await screenSubscribe(screen, { room: `session:${p1Session.id}` });
    expect(ack.ok).toBe(true);
    expect((ack.session as SessionSnapshot).id).toBe(p1Session.id);
    expect(ack.room).toBe(`session:${p1Session.id}`);

    for (const room of [
      `session:${p2Session.id}`,
      `round:${fx.roundId}`,
      `panel:${fx.p1}`,
      `panel:${fx.p2}`,
    ]) {
      const refused = await screenSubscribe(screen, { room });
      expect(refused.ok, room).toBe(false);
    }
    expect((await screenSubscribe(screen, { room: 'nonsense' })).ok).toBe(false);
    const rooms = await server.server.io.in(`round:${fx.roundId}`).fetchSockets();
    expect(rooms.map((s) => s.id)).not.toContain(screen.socket.id);
    const inP2 = await server.server.io.in(`session:${p2Session.id}`).fetchSockets();
    expect(inP2.map((s) => s.id)).not.toContain(screen.socket.id);
    const inP1 = await server.server.io.in(`session:${p1Session.id}`).fetchSockets();
    expect(inP1.map((s) => s.id)).toContain(screen.socket.id);
    screen.socket.close();
  });

  it('a command reaches the screen live as session.updated', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    const screen = await openScreen(server, link.token);
    expect((await screenSubscribe(screen, { room: `session:${p1Session.id}` })).ok).toBe(true);
    const started = await command(server, tokens.chair, p1Session.id, { command: 'start' });
    await until(() => screen.updates.some((u) => u.version >= started.version));
    expect(screen.updates.at(-1)?.state).toBe('live');
    screen.socket.close();
  });

  it('unknown, revoked and expired tokens are refused at the handshake', async () => {
    await expect(openScreen(server, 'A'.repeat(43))).rejects.toThrow('链接无效或已过期');
    await expect(openScreen(server, 12345)).rejects.toThrow('链接无效或已过期');
    const link = await createLink(server, tokens.chair, p1Session.id);
    await request(server, `/api/v1/screen-links/${link.id}`, {
      method: 'DELETE',
      headers: bearer(tokens.chair),
    });
    await expect(openScreen(server, link.token)).rejects.toThrow('链接无效或已过期');
    const expired = await createLink(server, tokens.chair, p1Session.id);
    await prisma.screenLink.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expect(openScreen(server, expired.token)).rejects.toThrow('链接无效或已过期');
  });

  it('a foreign origin is refused for screen sockets too', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    await expect(openScreen(server, link.token, { origin: 'https://evil.example' })).rejects.toThrow();
    const same = await openScreen(server, link.token, { origin: server.url });
    same.socket.close();
  });

  it('revoking a link disconnects its screens at once, and only those', async () => {
    const a = await createLink(server, tokens.chair, p1Session.id);
    const b = await createLink(server, tokens.chair, p1Session.id);
    const screenA = await openScreen(server, a.token);
    const screenB = await openScreen(server, b.token);
    const revoked = await request(server, `/api/v1/screen-links/${a.id}`, {
      method: 'DELETE',
      headers: bearer(tokens.agency),
    });
    expect(revoked.status).toBe(200);
    await until(() => screenA.disconnected(), 2_000);
    expect(screenB.disconnected()).toBe(false);
    expect((await screenSubscribe(screenB, { room: `session:${p1Session.id}` })).ok).toBe(true);
    screenB.socket.close();
  });

  it('an expired link is disconnected by the periodic sweep', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    const screen = await openScreen(server, link.token);
    expect(await server.server.sweepSockets()).toBe(0);
    expect(screen.disconnected()).toBe(false);
    await prisma.screenLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await server.server.sweepSockets()).toBeGreaterThanOrEqual(1);
    await until(() => screen.disconnected(), 2_000);
  });

  it('a screen is disconnected when its link expires, without waiting for the sweep', async () => {
    const link = await createLink(server, tokens.chair, p1Session.id);
    await prisma.screenLink.update({
      where: { id: link.id },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    const screen = await openScreen(server, link.token);
    expect((await screenSubscribe(screen, { room: `session:${p1Session.id}` })).ok).toBe(true);
    expect(screen.disconnected()).toBe(false);
    await until(() => screen.disconnected(), 4_000);
  });

  it('deleting the session makes its links invalid', async () => {
    const planned = await createSession(server, tokens.agency, fx.p1);
    const link = await createLink(server, tokens.agency, planned.id);
    expect((await request(server, link.url)).status).toBe(200);
    const deleted = await request(server, `/api/v1/sessions/${planned.id}`, {
      method: 'DELETE',
      headers: bearer(tokens.agency),
      json: { version: planned.version },
    });
    expect(deleted.status).toBe(200);
    expect((await request(server, link.url)).status).toBe(404);
    await expect(openScreen(server, link.token)).rejects.toThrow('链接无效或已过期');
  });
});
