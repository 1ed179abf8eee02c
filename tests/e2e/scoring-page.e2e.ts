// The expert's scoring page (issue 9 §1) in Chromium against the production build, as the demo
// `expert`: open a draft from home, type scores and see the engine's total, autosave (已保存), a
// reload keeps it, offline typing is queued and sent when back online, a second tab gets the
// conflict message, submit with confirmation → read-only; and a 1024×768 touch tablet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetTotal } from '#scoring/sheet-total';
import { DEMO_PASSWORD } from '#seeds/load.server';
import {
  CHROMIUM,
  launchBrowser,
  screenshot,
  waitForHydration,
  watchErrors,
  type Browser,
} from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

type Criterion = { id: string; name: string; max: number; step: number | null; weight: number };
type Sheet = {
  id: string;
  itemName: string;
  state: string;
  version: number;
  recused: boolean;
  scores: Record<string, number>;
  comment: string | null;
  criteria: Criterion[];
};

let server: E2eServer;
let browser: Browser;
let token: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'expert', password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(201);
  token = ((await response.json()) as { token: string }).token;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function mySheets(): Promise<Sheet[]> {
  const response = await fetch(`${server.url}/api/v1/me/sheets`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sheets: Sheet[] }).sheets;
}

async function sheet(id: string): Promise<Sheet> {
  const found = (await mySheets()).find((s) => s.id === id);
  expect(found).toBeDefined();
  return found!;
}

/** A valid score: about 80 % of the points, on the step. */
function scoreFor(c: Criterion, fraction = 0.8): number {
  if (c.step) return Math.floor((c.max * fraction) / c.step + 1e-9) * c.step;
  return Math.round(c.max * fraction);
}

function engineTotal(criteria: Criterion[], scores: Record<string, number>): number {
  const result = sheetTotal(
    { criteria: criteria.map((c) => ({ ...c, step: c.step ?? undefined })) },
    { itemId: 'i', expertId: 'e', scores },
  );
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.value;
}

// Expected browser noise: requests that fail while offline, and the 409 of the second tab.
const EXPECTED_NOISE = /ERR_INTERNET_DISCONNECTED|net::ERR_|status of 409|Failed to fetch/;
const unexpected = (errors: string[]) => errors.filter((e) => !EXPECTED_NOISE.test(e));

async function signIn(page: Page) {
  await page.goto(`${server.url}/login`);
  await waitForHydration(page);
  await page.locator('input[name="username"]').fill('expert');
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${server.url}/`);
}

const scoreInput = (page: Page, criterionId: string) =>
  page.getByTestId(`criterion-${criterionId}`).locator('input');

async function waitSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('saved');
  expect(await page.getByTestId('save-status').textContent()).toMatch(/^已保存 \d{2}:\d{2}:\d{2}$/);
}

describe('expert scoring page', () => {
  let sheetId = '';
  let criteria: Criterion[] = [];

  it('opens a draft from home, shows the live total, autosaves, keeps it over a reload', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await signIn(page);
    await waitForHydration(page);
    // Each assigned item links to its sheet with its state; open an untouched one.
    const row = page
      .locator('tr', { hasText: '未开始' })
      .filter({ has: page.locator('a[href^="/sheets/"]') });
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    const link = row.first().locator('a[href^="/sheets/"]');
    const href = (await link.getAttribute('href'))!;
    sheetId = href.split('/').pop()!;
    await link.click();
    await page.waitForURL(`${server.url}${href}`);
    await waitForHydration(page);
    const before = await sheet(sheetId);
    expect(before.state).toBe('draft');
    criteria = before.criteria;
    expect(criteria.length).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('item-data').count()).toBe(1);
    expect(await page.getByTestId('eligibility').count()).toBe(1);

    // Type every criterion but the last: a running total; then the last: the engine's total.
    const scores: Record<string, number> = {};
    for (const c of criteria.slice(0, -1)) {
      scores[c.id] = scoreFor(c);
      await scoreInput(page, c.id).fill(String(scores[c.id]));
    }
    await expect
      .poll(() => page.getByTestId('filled').textContent())
      .toBe(`已评 ${criteria.length - 1}/${criteria.length} 项`);
    const last = criteria[criteria.length - 1]!;
    scores[last.id] = scoreFor(last);
    await scoreInput(page, last.id).fill(String(scores[last.id]));
    await expect
      .poll(() => page.getByTestId('total').textContent())
      .toBe(String(engineTotal(criteria, scores)));

    // An off-range value is flagged beside its criterion, and not sent.
    await scoreInput(page, last.id).fill(String(last.max + 1));
    await expect.poll(() => page.getByTestId(`error-${last.id}`).count()).toBe(1);
    await scoreInput(page, last.id).fill(String(scores[last.id]));
    await expect.poll(() => page.getByTestId(`error-${last.id}`).count()).toBe(0);

    await waitSaved(page);
    expect((await sheet(sheetId)).scores).toEqual(scores);

    await page.reload();
    await waitForHydration(page);
    for (const c of criteria) expect(await scoreInput(page, c.id).inputValue()).toBe(String(scores[c.id]));
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('queues what is typed offline and saves it when the network is back', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sheets/${sheetId}`);
    await waitForHydration(page);
    const c = criteria[0]!;
    const value = scoreFor(c, 0.5);
    await browser.context.setOffline(true);
    try {
      await scoreInput(page, c.id).fill(String(value));
      await expect
        .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('offline');
      // Kept in the browser meanwhile.
      const stored = await page.evaluate((id) => localStorage.getItem(`pingshen:sheet:${id}:draft`), sheetId);
      expect(JSON.parse(stored!).scores[c.id]).toBe(value);
      expect((await sheet(sheetId)).scores[c.id]).not.toBe(value);
    } finally {
      await browser.context.setOffline(false);
    }
    await waitSaved(page);
    expect((await sheet(sheetId)).scores[c.id]).toBe(value);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows a conflict in a second tab instead of overwriting, and loads the server version on request', async () => {
    const first = await browser.context.newPage();
    const second = await browser.context.newPage();
    const errors = [...watchErrors(first), ...watchErrors(second)];
    for (const p of [first, second]) {
      await p.goto(`${server.url}/sheets/${sheetId}`);
      await waitForHydration(p);
    }
    const c = criteria[0]!;
    const fromFirst = scoreFor(c, 0.6);
    await first.bringToFront();
    await scoreInput(first, c.id).fill(String(fromFirst));
    await waitSaved(first);

    const fromSecond = scoreFor(c, 0.7);
    await second.bringToFront();
    await scoreInput(second, c.id).fill(String(fromSecond));
    await expect.poll(() => second.getByTestId('conflict').count(), { timeout: 15_000 }).toBe(1);
    expect(await second.getByTestId('conflict').textContent()).toContain('其他窗口或设备');
    // Nothing was overwritten.
    expect((await sheet(sheetId)).scores[c.id]).toBe(fromFirst);
    await second.getByTestId('load-server').click();
    await expect.poll(() => scoreInput(second, c.id).inputValue()).toBe(String(fromFirst));
    expect(await second.getByTestId('conflict').count()).toBe(0);
    await screenshot(second, 'scoring-page-after-conflict');
    expect(unexpected(errors)).toEqual([]);
    await second.close();
    await first.close();
  });

  it('submits after confirmation; the sheet is then read-only', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sheets/${sheetId}`);
    await waitForHydration(page);
    const current = await sheet(sheetId);
    const total = engineTotal(criteria, current.scores);
    await page.getByTestId('submit').click();
    const dialog = page.getByTestId('submit-confirm');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain(String(total));
    await page
      .locator('.ant-modal-confirm-btns')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect
      .poll(() => page.getByTestId('sheet-state').textContent(), { timeout: 15_000 })
      .toBe('已提交');
    expect(await page.getByTestId('read-only').count()).toBe(1);
    expect(await scoreInput(page, criteria[0]!.id).isDisabled()).toBe(true);
    expect(await page.getByTestId('submit').count()).toBe(0);
    const after = await sheet(sheetId);
    expect(after.state).toBe('submitted');
    expect(after.scores).toEqual(current.scores);
    // The submit key was acknowledged and forgotten.
    expect(
      await page.evaluate((id) => localStorage.getItem(`pingshen:sheet:${id}:submit-key`), sheetId),
    ).toBeNull();
    await page.reload();
    await waitForHydration(page);
    expect(await page.getByTestId('sheet-state').textContent()).toBe('已提交');
    await screenshot(page, 'scoring-page-submitted');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});

describe('on a 1024×768 touch tablet', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'pingshen-tablet-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
      locale: 'zh-CN',
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      isMobile: false,
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('scores by touch without horizontal scrolling, with large tap targets', async () => {
    const target = (await mySheets()).find((s) => s.state === 'draft' && !s.recused);
    expect(target, 'the demo expert has another draft').toBeDefined();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/login`);
    await waitForHydration(page);
    await page.locator('input[name="username"]').fill('expert');
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).tap();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/sheets/${target!.id}`);
    await waitForHydration(page);
    const c = target!.criteria[0]!;
    await scoreInput(page, c.id).tap();
    await page.keyboard.type(String(scoreFor(c)));
    await expect.poll(() => page.getByTestId('filled').textContent()).toMatch(/^已评 1\//);
    await waitSaved(page);
    // No sideways scrolling of the page at 1024 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    // Tap targets: the score field and the submit button at least 44 px high.
    const input = await scoreInput(page, c.id).boundingBox();
    const submit = await page.getByTestId('submit').boundingBox();
    expect(input!.height).toBeGreaterThanOrEqual(44);
    expect(submit!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'scoring-page-tablet');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
