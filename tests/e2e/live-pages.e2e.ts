// The progress board and the home page update without a reload (issue 9 §3): the agency watches in
// Chromium while the demo expert submits sheets over the real HTTP API.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

type Sheet = {
  id: string;
  itemName: string;
  roundId: string;
  state: string;
  version: number;
  recused: boolean;
  criteria: { id: string; max: number; step: number | null }[];
};

let server: E2eServer;
let browser: Browser;
let expertToken: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'expert', password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(201);
  expertToken = ((await response.json()) as { token: string }).token;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function mySheets(): Promise<Sheet[]> {
  const response = await fetch(`${server.url}/api/v1/me/sheets`, {
    headers: { authorization: `Bearer ${expertToken}` },
  });
  return ((await response.json()) as { sheets: Sheet[] }).sheets;
}

async function draftSheets(): Promise<Sheet[]> {
  return (await mySheets()).filter((s) => s.state === 'draft' && !s.recused);
}

async function submitOne(): Promise<Sheet> {
  const [sheet] = await draftSheets();
  expect(sheet, 'the demo expert has a draft sheet left').toBeDefined();
  const scores = Object.fromEntries(
    sheet.criteria.map((c) => [c.id, c.step ? Math.floor(c.max / c.step + 1e-9) * c.step : c.max]),
  );
  const response = await fetch(`${server.url}/api/v1/sheets/${sheet.id}/submit`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${expertToken}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ version: sheet.version, scores }),
  });
  expect(response.status).toBe(200);
  return sheet;
}

async function signIn(page: Page, username: string) {
  await page.goto(`${server.url}/login`);
  await waitForHydration(page);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${server.url}/`);
}

/** Marks the document, so a reload (which would drop the mark) is noticed. */
async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
}
async function stillNoReload(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}

describe('live pages', () => {
  it('the progress board counts a submit without a reload', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'agency');
    const [sheet] = await draftSheets();
    await page.goto(`${server.url}/rounds/${sheet.roundId}/progress`);
    await waitForHydration(page);
    await page.getByText('实时更新中').waitFor();
    const submitted = page
      .locator('.ant-statistic', { hasText: '已提交（份）' })
      .locator('.ant-statistic-content-value');
    const before = Number(await submitted.textContent());
    await markNoReload(page);
    await submitOne();
    await page.waitForFunction(
      ([selector, value]) => {
        const el = [...document.querySelectorAll(selector)].find((e) =>
          e.textContent?.includes('已提交（份）'),
        );
        return Number(el?.querySelector('.ant-statistic-content-value')?.textContent) === value;
      },
      ['.ant-statistic', before + 1] as const,
      { timeout: 10_000 },
    );
    expect(await stillNoReload(page)).toBe(true);
    await screenshot(page, 'live-progress');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the home page shows the new progress without a reload', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await waitForHydration(page);
    await page.getByText('实时更新中').waitFor();
    const row = page.locator('tr', { hasText: '2026年度四川省产业技术基础公共服务平台年度评价' });
    const text = (await row.locator('.ant-progress-text').textContent()) ?? '';
    const [done, expected] = text.split('/').map(Number);
    await markNoReload(page);
    await submitOne();
    await row
      .locator('.ant-progress-text', { hasText: `${done + 1}/${expected}` })
      .waitFor({ timeout: 10_000 });
    expect(await stillNoReload(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the expert's home shows a sheet reopened by the agency without a reload", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await signIn(page, 'expert');
    await waitForHydration(page);
    await page.getByText('实时更新中').waitFor();
    const submitted = (await mySheets()).find((s) => s.state === 'submitted');
    expect(submitted, 'the tests above submitted a sheet').toBeDefined();
    if (!submitted) return;
    const row = page.locator('tr', { hasText: submitted.itemName });
    await row.getByText('已提交').waitFor();
    await markNoReload(page);
    const token = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agency', password: DEMO_PASSWORD }),
    });
    const { token: agencyToken } = (await token.json()) as { token: string };
    const reopen = await fetch(`${server.url}/api/v1/sheets/${submitted.id}/reopen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agencyToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '请补充评分依据' }),
    });
    expect(reopen.status).toBe(200);
    await row.getByText('草稿').waitFor({ timeout: 10_000 });
    expect(await stillNoReload(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
