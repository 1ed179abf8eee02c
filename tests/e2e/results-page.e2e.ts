// 评审结果 in Chromium: the agency opens a round's results, expands an item to its expert × criterion
// matrix (experts by name); the chair opens the same page, sees their own panel, expands an item
// (专家A, B …), tries 退回修改 without a reason (the server's Chinese message, nothing changed), then
// with one: the sheet goes back to 未提交 without a reload. No page or console error throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

const ROUND = '2026年度四川省产业技术基础公共服务平台年度评价';

let server: E2eServer;
let browser: Browser;
let roundId: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  const token = (await (
    await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agency', password: DEMO_PASSWORD }),
    })
  ).json()) as { token: string };
  const rounds = (await (
    await fetch(`${server.url}/api/v1/rounds`, { headers: { authorization: `Bearer ${token.token}` } })
  ).json()) as { rounds: { id: string; name: string }[] };
  roundId = rounds.rounds.find((r) => r.name === ROUND)!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, username: string) {
  await browser.context.clearCookies();
  await page.goto(`${server.url}/login`);
  await waitForHydration(page);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${server.url}/`);
}

/** Expands the first row whose result has a score and returns its matrix. */
async function expandGraded(page: Page) {
  const row = page
    .locator('tr.ant-table-row')
    .filter({ hasText: /\d+\.\d{2}/ })
    .first();
  await row.locator('.ant-table-row-expand-icon').click();
  const matrix = page.locator('[data-testid^="matrix-"]').first();
  await matrix.waitFor({ timeout: 15_000 });
  return matrix;
}

describe('评审结果 page', () => {
  it('the agency sees the round and an item matrix with expert names', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    try {
      await signIn(page, 'agency');
      await page.goto(`${server.url}/rounds/${roundId}`);
      await waitForHydration(page);
      await page.getByRole('link', { name: '评审结果' }).click();
      await page.waitForURL(`${server.url}/rounds/${roundId}/results`);
      await page.locator('tr.ant-table-row').first().waitFor();
      const matrix = await expandGraded(page);
      const labels = await matrix.locator('tbody tr td:first-child').allTextContents();
      expect(labels.length).toBeGreaterThanOrEqual(3);
      for (const label of labels) expect(label).not.toMatch(/^专家[A-Z]+$/);
      await screenshot(page, 'results-agency');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the chair reopens a sheet of their panel: a reason is required, then it is back to 未提交', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    try {
      await signIn(page, 'chair');
      await page.goto(`${server.url}/rounds/${roundId}/results`);
      await waitForHydration(page);
      await page.getByText('仅显示本人担任组长的专家组').waitFor();
      const matrix = await expandGraded(page);
      const labels = await matrix.locator('tbody tr td:first-child').allTextContents();
      for (const label of labels) expect(label).toMatch(/^专家[A-Z]+$/);

      const reopen = matrix.locator('[data-testid^="reopen-"]').first();
      const testId = (await reopen.getAttribute('data-testid'))!;
      const before = await matrix.locator('.ant-tag', { hasText: '已提交' }).count();
      await reopen.click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '退回修改' });
      await dialog.locator(`[data-testid="${testId}-ok"]`).click();
      await dialog.getByRole('alert').filter({ hasText: '请填写退回修改的理由' }).waitFor();
      await dialog.getByLabel('退回修改的理由').fill('第三项评分与评语不一致，请复核');
      await dialog.locator(`[data-testid="${testId}-ok"]`).click();
      await page.getByText('已退回修改，专家可以重新填写').waitFor();
      await expect
        .poll(async () => matrix.locator('.ant-tag', { hasText: '已提交' }).count(), { timeout: 15_000 })
        .toBe(before - 1);
      await expect
        .poll(async () => matrix.locator('.ant-tag', { hasText: '未提交' }).count())
        .toBeGreaterThan(0);
      await screenshot(page, 'results-chair-reopened');
      // Expected: the browser logs the action's 400 (the missing reason). Known, not this page's: a
      // live revalidation that the action's own revalidation interrupts is logged as an AbortError
      // by Remix (reported to H-LIVE). Anything else fails.
      expect(
        errors.filter(
          (e) =>
            !/status of 400 \(Bad Request\)/.test(e) &&
            !/AbortError: signal is aborted without reason/.test(e),
        ),
      ).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
