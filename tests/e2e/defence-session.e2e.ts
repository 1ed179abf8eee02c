// Issue 10 §6: a defence session in Chromium with four contexts at once — the chair's console, two
// experts' tablets and the big screen — on a production build over a real database. A round is built
// through the public HTTP API (tests/support/live-fixture.ts: one panel of three experts, three
// items); the agency plans the session on the 答辩安排 page; then check-in, calling an applicant,
// the phase timers, scoring opened, both experts submit (totals far apart: the spread flag), a
// re-score request (复议), close, lock and the next applicant. The tablets and the screen follow
// without reloads (a mark on each document survives), and after the server is killed and started
// again on the same database and port, everything resumes where it was: the countdown continues from
// the server's time.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '#app/realtime/events';
import { createLiveDb, type LiveDb } from '#tests/support/live-db';
import {
  buildLiveRound,
  call,
  callJson,
  type Criterion,
  type LiveRound,
  type SheetJson,
} from '#tests/support/live-fixture';
import { startLiveInstance, type LiveInstance } from '#tests/support/live-server';
import { CHROMIUM, screenshot, waitForHydration, watchErrors } from './support/browser';

let db: LiveDb;
let server: LiveInstance;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  db = await createLiveDb();
  server = await startLiveInstance(db);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await db?.cleanup();
});

type Watched = { page: Page; errors: string[] };

/** A browser context signed in with `cookie` ("name=value"), at 1024 × 768 like a tablet. */
async function openAs(
  cookie: string,
  path: string,
  viewport = { width: 1024, height: 768 },
): Promise<Watched> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport, hasTouch: true });
  contexts.push(context);
  if (cookie) {
    const [name, ...rest] = cookie.split('=');
    await context.addCookies([{ name, value: rest.join('='), url: server.url }]);
  }
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  await waitForHydration(page);
  return { page, errors };
}

/** Live changes reach the pages within moments; a loaded shared machine gets some slack. */
const POLL = { timeout: 15_000, interval: 100 };

const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { __mark?: number }).__mark === 1);

/** Every criterion at a fraction of its maximum, on its step. */
function scoresAt(criteria: Criterion[], fraction: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of criteria) {
    const step = c.step ?? 1;
    out[c.id] = Number((Math.floor((c.max * fraction) / step + 1e-9) * step).toFixed(6));
  }
  return out;
}

/** Seconds shown by a countdown `mm:ss` (negative when overrun). */
function seconds(text: string): number {
  const m = /^(-?)(\d+):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a countdown: ${text}`);
  const s = Number(m[2]) * 60 + Number(m[3]);
  return m[1] ? -s : s;
}

async function snapshotOf(cookie: string, sessionId: string): Promise<SessionSnapshot> {
  const body = await callJson<{ session?: SessionSnapshot } & Partial<SessionSnapshot>>(
    server.url,
    `/api/v1/sessions/${sessionId}`,
    { cookie },
  );
  return (body.session ?? body) as SessionSnapshot;
}

async function mySheets(cookie: string, roundId: string): Promise<SheetJson[]> {
  const { sheets } = await callJson<{ sheets: SheetJson[] }>(server.url, '/api/v1/me/sheets', { cookie });
  return sheets.filter((s) => s.roundId === roundId);
}

async function submit(cookie: string, sheet: SheetJson, fraction: number, key: string): Promise<void> {
  const response = await call(server.url, `/api/v1/sheets/${sheet.id}/submit`, {
    cookie,
    headers: { 'idempotency-key': key },
    json: { version: sheet.version, scores: scoresAt(sheet.criteria, fraction) },
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe('defence session in four browsers', () => {
  it('chair, two tablets and the screen follow the session live, also across a server restart', async () => {
    const round: LiveRound = await buildLiveRound(server.url, {
      experts: 3,
      items: 3,
      panels: 1,
      label: '答辩',
    });
    const panel = round.panels[0];
    const panelView = await callJson<{
      members: { expertId: string; role: string; name: string }[];
      quorum: number;
    }>(server.url, `/api/v1/panels/${panel.id}`, { cookie: round.agencyCookie });
    const chairSeat = panelView.members.find((m) => m.role === 'chair')!;
    const chair = round.experts.find((e) => e.expertId === chairSeat.expertId)!;
    const [expertA, expertB] = round.experts.filter((e) => e !== chair);
    const nameOf = (expertId: string) => panelView.members.find((m) => m.expertId === expertId)!.name;

    // 1. The agency plans the session on 答辩安排: name, Beijing time, venue, order (上移), a break.
    const agency = await openAs(round.agencyCookie, `/rounds/${round.roundId}/sessions`, {
      width: 1280,
      height: 900,
    });
    await agency.page.getByTestId(`new-session-${panel.id}`).click();
    const form = agency.page.getByTestId(`new-session-form-${panel.id}`);
    await form.getByTestId('plan-name').fill('第一组集中答辩');
    await form.getByTestId('plan-venue').fill('会议室 301');
    await form.getByTestId('plan-when').fill('2026-12-05T09:00');
    const rows = form.getByTestId('plan-row');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    const before = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    await rows.nth(1).getByTestId('move-up').click();
    const after = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    expect(after).toEqual([before[1], before[0], before[2]]);
    // Planned start times: 09:00 for the first, the next one a full slot later.
    const starts = form.getByTestId('slot-start');
    expect(await starts.first().innerText()).toBe('09:00');
    await form.getByTestId('plan-save').click();
    const created = agency.page.locator('[data-session-id]').filter({ hasText: '第一组集中答辩' });
    await created.first().waitFor({ timeout: 20_000 });
    const sessionId = (await created.first().getAttribute('data-session-id'))!;
    let snap = await snapshotOf(round.agencyCookie, sessionId);
    expect(snap.order).toEqual(after);
    expect(snap.venue).toBe('会议室 301');
    expect(snap.scheduledAt && new Date(snap.scheduledAt).toISOString()).toBe('2026-12-05T01:00:00.000Z');
    await screenshot(agency.page, 'defence-session-planning');

    // 2. The chair opens the console and starts the session; the quorum warning shows until check-in.
    const console_ = await openAs(chair.cookie, `/sessions/${sessionId}`);
    const chairPage = console_.page;
    await chairPage.getByTestId('cmd-start').click();
    await expect
      .poll(() => chairPage.getByTestId('session-state').getAttribute('data-state'), POLL)
      .toBe('live');
    await expect.poll(() => chairPage.getByTestId('quorum-warning').count(), POLL).toBe(1);
    expect(await chairPage.getByTestId('quorum-warning').innerText()).toContain(
      `已签到 0 人，少于法定人数 ${panelView.quorum} 人`,
    );

    // 3. The chair creates a big-screen link in the console; the projector opens it without signing
    // in. The tablets open the experts' home pages.
    const links = chairPage.getByTestId('screen-links');
    await links.getByLabel('链接名称').fill('主会场投影');
    await links.getByRole('button', { name: '创建链接' }).click();
    const screenUrl = (await chairPage.getByTestId('screen-link-url').innerText()).trim();
    expect(screenUrl).toMatch(/\/screen\/[A-Za-z0-9_-]{20,}$/);
    const tabletA = await openAs(expertA.cookie, '/');
    const tabletB = await openAs(expertB.cookie, '/');
    const screen = await openAs('', new URL(screenUrl).pathname, { width: 1280, height: 720 });
    await screen.page.getByTestId('screen').waitFor();
    for (const w of [tabletA, tabletB]) {
      await w.page.getByTestId('session-banner').waitFor();
      expect(await w.page.getByTestId('banner-checkin').innerText()).toContain('未签到');
    }
    for (const w of [console_, tabletA, tabletB, screen]) await mark(w.page);

    // 4. 签到: all three; the warning goes, the tablets show 已签到 without a reload.
    for (const e of [chair, expertA, expertB]) {
      await chairPage.getByTestId(`cmd-checkin-${e.expertId}`).click();
      await chairPage.getByTestId(`expert-${e.expertId}`).getByTestId('checked-in').waitFor();
    }
    await expect.poll(() => chairPage.getByTestId('quorum-warning').count(), POLL).toBe(0);
    for (const w of [tabletA, tabletB])
      await expect
        .poll(() => w.page.getByTestId('banner-checkin').innerText(), { timeout: 15_000 })
        .toBe('已签到');

    // 5. 叫号: the first applicant; both tablets move to their sheet for it by themselves.
    const first = snap.order[0];
    await chairPage.getByTestId('cmd-call').click();
    await expect
      .poll(() => chairPage.getByTestId('current-item').getAttribute('data-item-id'), POLL)
      .toBe(first);
    const sheetsA = await mySheets(expertA.cookie, round.roundId);
    const sheetsB = await mySheets(expertB.cookie, round.roundId);
    const sheetA1 = sheetsA.find((s) => s.itemId === first)!;
    const sheetB1 = sheetsB.find((s) => s.itemId === first)!;
    await tabletA.page.waitForURL(`${server.url}/sheets/${sheetA1.id}`, { timeout: 15_000 });
    await tabletB.page.waitForURL(`${server.url}/sheets/${sheetB1.id}`, { timeout: 15_000 });
    await expect
      .poll(() => screen.page.getByTestId('screen-item').innerText(), { timeout: 15_000 })
      .toContain(snap.items.find((i) => i.id === first)!.name);

    // 6. Timers: 陈述 starts; the countdown ticks on the console and the tablets' banners.
    await chairPage.getByTestId('cmd-presentation').click();
    await expect.poll(() => chairPage.getByTestId('current-phase').innerText(), POLL).toBe('陈述');
    const t0 = seconds(await chairPage.getByTestId('countdown').innerText());
    expect(t0).toBeGreaterThan(60);
    await expect
      .poll(async () => seconds(await chairPage.getByTestId('countdown').innerText()), { timeout: 5_000 })
      .toBeLessThan(t0);
    await tabletA.page.getByTestId('banner-countdown').waitFor({ timeout: 15_000 });
    // 延长 +1 分钟: about a minute more.
    const beforeExtend = seconds(await chairPage.getByTestId('countdown').innerText());
    await chairPage.getByTestId('cmd-extend-60').click();
    await expect
      .poll(async () => seconds(await chairPage.getByTestId('countdown').innerText()), { timeout: 10_000 })
      .toBeGreaterThan(beforeExtend + 50);
    await chairPage.getByTestId('cmd-qa').click();
    await expect.poll(() => chairPage.getByTestId('current-phase').innerText(), POLL).toBe('问答');

    // 7. Restart the server in the middle of 问答 (kill -9, same database and port).
    snap = await snapshotOf(chair.cookie, sessionId);
    const endsAt = Date.parse(snap.phaseEndsAt!);
    await server.kill9();
    server = await startLiveInstance(db, { port: server.port });
    // Everyone reconnects (the console's badge: 已重新同步 / 实时更新中); the countdowns continue from
    // the server's phaseEndsAt, on the console, the tablets' banners and the big screen.
    try {
      await chairPage
        .getByText(/已重新同步|实时更新中/)
        .first()
        .waitFor({ timeout: 40_000 });
    } catch (e) {
      for (const [n, w] of [
        ['chair', console_],
        ['a', tabletA],
        ['screen', screen],
      ] as const)
        await screenshot(w.page, `defence-session-fail-${n}`);
      console.info('ERRORS', console_.errors, tabletA.errors);
      throw e;
    }
    const near = async (page: Page, testId: string) => {
      await expect
        .poll(
          async () => {
            const shown = seconds(await page.getByTestId(testId).first().innerText());
            return Math.abs(shown - Math.ceil((endsAt - Date.now()) / 1000));
          },
          { timeout: 40_000, interval: 200 },
        )
        .toBeLessThanOrEqual(2);
    };
    await near(chairPage, 'countdown');
    await near(tabletA.page, 'banner-countdown');
    await near(screen.page, 'screen-clock');
    // A second console tab opened now (a reloaded client) shows the same remaining time.
    const secondTab = await chairPage.context().newPage();
    await secondTab.goto(`${server.url}/sessions/${sessionId}`);
    await waitForHydration(secondTab);
    await near(secondTab, 'countdown');
    await secondTab.close();
    const afterRestart = await snapshotOf(chair.cookie, sessionId);
    expect(afterRestart.phase).toBe('qa');
    expect(afterRestart.currentItemId).toBe(first);
    expect(afterRestart.phaseEndsAt).toBe(snap.phaseEndsAt);

    // 8. 开放评分: the tablets show it; both experts submit, far apart (the spread flag).
    await chairPage.getByTestId('cmd-open-scoring').click();
    await chairPage.getByTestId('scoring-open').waitFor();
    for (const w of [tabletA, tabletB])
      await expect
        .poll(() => w.page.getByTestId('banner-scoring').innerText(), { timeout: 40_000 })
        .toBe('评分已开放');
    const freshA = (await mySheets(expertA.cookie, round.roundId)).find((s) => s.id === sheetA1.id)!;
    const freshB = (await mySheets(expertB.cookie, round.roundId)).find((s) => s.id === sheetB1.id)!;
    await submit(expertA.cookie, freshA, 1, `e2e-a-${freshA.id}`);
    await submit(expertB.cookie, freshB, 0.3, `e2e-b-${freshB.id}`);
    // Who has submitted: names with ✓, never scores while scoring is open.
    const list = chairPage.getByTestId('submitted-list');
    await expect.poll(() => list.locator('[data-submitted="true"]').count(), { timeout: 20_000 }).toBe(2);
    expect(await list.innerText()).toContain(`${nameOf(expertA.expertId)} ✓`);
    expect(await chairPage.getByTestId('current-matrix').count()).toBe(0);

    // 9. 结束评分: the matrix and the spread flag; 复议 for expert B with a reason.
    await chairPage.getByTestId('cmd-close-scoring').click();
    await chairPage.getByTestId('current-matrix').waitFor({ timeout: 20_000 });
    await chairPage.getByTestId('spread-flag').waitFor({ timeout: 20_000 });
    await screenshot(chairPage, 'defence-session-console-spread');
    await chairPage.getByTestId('cmd-rescore').click();
    const dialog = chairPage.getByRole('dialog');
    await dialog.getByLabel(nameOf(expertB.expertId)).check();
    await dialog.getByLabel('复议理由').fill('分差过大，请复核问答环节的评分');
    await dialog.getByRole('button', { name: '退回复议' }).click();
    // Expert B's tablet shows the reopened sheet with the reason, without a reload.
    await tabletB.page.getByTestId('reopened').waitFor({ timeout: 20_000 });
    expect(await tabletB.page.getByTestId('reopened').innerText()).toContain(
      '分差过大，请复核问答环节的评分',
    );

    // 10. B re-scores (scoring reopened for the item if the model needs it), then close and lock.
    snap = await snapshotOf(chair.cookie, sessionId);
    if (!snap.scoringOpen) {
      await chairPage.getByTestId('cmd-open-scoring').click();
      await chairPage.getByTestId('scoring-open').waitFor();
    }
    const reopenedB = (await mySheets(expertB.cookie, round.roundId)).find((s) => s.id === sheetB1.id)!;
    expect(reopenedB.state).toBe('draft');
    await submit(expertB.cookie, reopenedB, 0.9, `e2e-b2-${reopenedB.id}`);
    const chairSheet = (await mySheets(chair.cookie, round.roundId)).find((s) => s.itemId === first)!;
    await submit(chair.cookie, chairSheet, 0.9, `e2e-c-${chairSheet.id}`);
    await expect.poll(() => list.locator('[data-submitted="true"]').count(), { timeout: 20_000 }).toBe(3);
    await chairPage.getByTestId('cmd-close-scoring').click();
    await chairPage.getByTestId('current-matrix').waitFor({ timeout: 20_000 });
    await chairPage.getByTestId('cmd-lock').click();
    // antd spaces two-character labels (锁 定).
    await chairPage
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^锁\s*定$/ })
      .click();
    await expect
      .poll(
        async () => (await snapshotOf(chair.cookie, sessionId)).items.find((i) => i.id === first)?.status,
        { timeout: 20_000 },
      )
      .toBe('locked');

    // 11. 下一位: the next in order by default; tablets and the screen follow.
    const second = snap.order[1];
    await chairPage.getByTestId('cmd-call').click();
    await expect
      .poll(() => chairPage.getByTestId('current-item').getAttribute('data-item-id'), POLL)
      .toBe(second);
    const sheetA2 = sheetsA.find((s) => s.itemId === second)!;
    const sheetB2 = sheetsB.find((s) => s.itemId === second)!;
    await tabletA.page.waitForURL(`${server.url}/sheets/${sheetA2.id}`, { timeout: 20_000 });
    await tabletB.page.waitForURL(`${server.url}/sheets/${sheetB2.id}`, { timeout: 20_000 });
    await expect
      .poll(() => screen.page.getByTestId('screen-item').innerText(), { timeout: 20_000 })
      .toContain(snap.items.find((i) => i.id === second)!.name);
    await screenshot(tabletA.page, 'defence-session-tablet');
    await screenshot(screen.page, 'defence-session-screen');

    // No document reloaded: the marks survive (client-side navigation and live updates only).
    for (const w of [console_, tabletA, tabletB, screen]) expect(await marked(w.page)).toBe(true);
    // Errors while the server was down (failed reconnects) are expected; none else.
    for (const w of [console_, tabletA, tabletB, screen, agency])
      expect(
        w.errors.filter((e) => !/ERR_CONNECTION_REFUSED|socket|websocket|Failed to load resource/i.test(e)),
      ).toEqual([]);
  }, 420_000);
});
