// First journey: every demo role signs in through the login form and lands on its own home page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

const JOURNEYS = [
  { username: 'admin', section: '账号与审计', nav: ['账号管理', '审计日志'] },
  { username: 'agency', section: '评审工作与进度', nav: [] },
  { username: 'dept', section: '待决定的评审工作', nav: [] },
  { username: 'chair', section: '我担任组长的专家组', nav: [] },
  { username: 'expert', section: '我的评审任务', nav: [] },
];

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('each demo role signs in and sees its home page', () => {
  it.each(JOURNEYS)('$username', async ({ username, section, nav }) => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await waitForHydration(page);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByText(section, { exact: true }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBeTruthy();
    for (const label of nav) await page.getByRole('menuitem', { name: label }).waitFor();
    // antd styles came with the server HTML: the side menu is laid out, not an unstyled list.
    const siderWidth = await page.locator('.ant-layout-sider').evaluate((el) => el.getBoundingClientRect().width);
    expect(siderWidth).toBe(208);
    await screenshot(page, `home-${username}`);
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.close();
  });

  it('shows the 404 page for an unknown address', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${server.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByText('404 页面不存在').waitFor();
    await screenshot(page, 'not-found');
    await page.close();
  });
});
