// Issue 9 §6, two browser contexts: the demo agency and the demo chair both watch the results page of
// the demo round in expert review (production build, Debian's Chromium). A sheet submitted, reopened or
// re-submitted through the HTTP API changes both pages without a reload; then the server is killed and
// started again on the same database and port, and both pages show the next change (they reconnected
// and resynchronised on their own).
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#seeds/demo/build';
import { createLiveDb, type LiveDb } from '#tests/support/live-db';
import { call, callJson, lcg, signIn, validScores, type SheetJson } from '#tests/support/live-fixture';
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
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await db?.cleanup();
});

async function signedInPage(username: string, path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/login?redirectTo=${encodeURIComponent(path)}`);
  await waitForHydration(page);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${server.url}${path}`);
  await waitForHydration(page);
  return { page, errors };
}

/** An item's row of the results table (antd's data-row-key is the item id): counts, score, grade. */
const rowOf = (page: Page, itemId: string): Locator => page.locator(`tr[data-row-key="${itemId}"]`);

async function changes(row: Locator, before: string, timeout = 20_000): Promise<string> {
  await expect
    .poll(async () => (await row.innerText()).replace(/\s+/g, ' '), { timeout, interval: 100 })
    .not.toBe(before);
  return (await row.innerText()).replace(/\s+/g, ' ');
}

const text = async (row: Locator) => (await row.innerText()).replace(/\s+/g, ' ');

describe('live results in two browsers', () => {
  it('agency and chair see changes without a reload, also after a server restart', async () => {
    const agency = (await signIn(server.url, 'agency')).cookie;
    const { rounds } = await callJson<{ rounds: { id: string; name: string; state: string }[] }>(
      server.url,
      '/api/v1/rounds',
      { cookie: agency },
    );
    const expertCookie = (await signIn(server.url, 'expert')).cookie;
    const chairCookie = (await signIn(server.url, 'chair')).cookie;
    const expertSheets = (
      await callJson<{ sheets: SheetJson[] }>(server.url, '/api/v1/me/sheets', { cookie: expertCookie })
    ).sheets;
    const drafts = expertSheets.filter((s) => s.state === 'draft' && !s.recused);
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    const round = rounds.find((r) => r.id === drafts[0].roundId)!;
    expect(round.state).toBe('scoring');
    const chairSheets = (
      await callJson<{ sheets: SheetJson[] }>(server.url, '/api/v1/me/sheets', { cookie: chairCookie })
    ).sheets.filter((s) => s.roundId === round.id && s.state === 'submitted');
    expect(chairSheets.length).toBeGreaterThanOrEqual(1);

    const path = `/rounds/${round.id}/results`;
    const watchers = [await signedInPage('agency', path), await signedInPage('chair', path)];
    const [agencyPage, chairPage] = watchers.map((w) => w.page);
    // A mark on each document: a reload would lose it.
    for (const page of [agencyPage, chairPage])
      await page.evaluate(() => ((window as unknown as { __liveMark: number }).__liveMark = 1));

    // 1. The expert (panel 2) submits: the agency's page changes.
    const rnd = lcg(99);
    const first = drafts[0];
    const agencyRow = rowOf(agencyPage, first.itemId);
    await agencyRow.waitFor();
    const before1 = await text(agencyRow);
    const submitted = await call(server.url, `/api/v1/sheets/${first.id}/submit`, {
      cookie: expertCookie,
      headers: { 'idempotency-key': `e2e-${first.id}` },
      json: { version: first.version, scores: validScores(first.criteria, rnd) },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    await changes(agencyRow, before1);

    // 2. The chair reopens their own sheet in their panel (退回修改): both pages change.
    const own = chairSheets[0];
    const agencyOwnRow = rowOf(agencyPage, own.itemId);
    const chairOwnRow = rowOf(chairPage, own.itemId);
    await chairOwnRow.waitFor();
    const [a2, c2] = [await text(agencyOwnRow), await text(chairOwnRow)];
    const reopened = await call(server.url, `/api/v1/sheets/${own.id}/reopen`, {
      cookie: chairCookie,
      json: { reason: '端到端测试：请复核评分' },
    });
    expect(reopened.status, await reopened.clone().text()).toBe(200);
    const [a2after, c2after] = await Promise.all([changes(agencyOwnRow, a2), changes(chairOwnRow, c2)]);
    await screenshot(agencyPage, 'live-results-agency');
    await screenshot(chairPage, 'live-results-chair');

    // 3. Restart the server mid-session (kill -9, same database, same port).
    await server.kill9();
    server = await startLiveInstance(db, { port: server.port });

    // 4. The chair re-submits the reopened sheet: both pages show it once they have reconnected.
    const current = (
      await callJson<{ sheets: SheetJson[] }>(server.url, '/api/v1/me/sheets', { cookie: chairCookie })
    ).sheets.find((s) => s.id === own.id)!;
    expect(current.state).toBe('draft');
    const resubmitted = await call(server.url, `/api/v1/sheets/${own.id}/submit`, {
      cookie: chairCookie,
      headers: { 'idempotency-key': `e2e-again-${own.id}` },
      json: { version: current.version, scores: current.scores },
    });
    expect(resubmitted.status, await resubmitted.clone().text()).toBe(200);
    await Promise.all([changes(agencyOwnRow, a2after, 40_000), changes(chairOwnRow, c2after, 40_000)]);

    // 5. And the agency's page follows the next expert submit too.
    const second = drafts[1];
    const secondRow = rowOf(agencyPage, second.itemId);
    const before5 = await text(secondRow);
    const again = await call(server.url, `/api/v1/sheets/${second.id}/submit`, {
      cookie: expertCookie,
      headers: { 'idempotency-key': `e2e-${second.id}` },
      json: { version: second.version, scores: validScores(second.criteria, rnd) },
    });
    expect(again.status).toBe(200);
    await changes(secondRow, before5);

    // No page reloaded: the mark set on each document is still there.
    for (const page of [agencyPage, chairPage])
      expect(await page.evaluate(() => (window as unknown as { __liveMark?: number }).__liveMark)).toBe(1);
    // Errors while the server was down (failed reconnects) are expected; none before it.
    for (const w of watchers)
      expect(
        w.errors.filter((e) => !/ERR_CONNECTION_REFUSED|socket|websocket|Failed to load resource/i.test(e)),
      ).toEqual([]);
  }, 240_000);
});
