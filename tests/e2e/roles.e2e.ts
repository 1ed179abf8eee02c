// First journey: every demo role signs in through the login form and lands on its own home page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

const JOURNEYS = [
  { username: 'admin', section: '账号与审计', nav: ['账号管理', '审计日志'] },
  { username: 'agency', section: '评审工作与进度', nav: [] },
  {
    username: 'dept',
    section: '待决定的评审工作',
    nav: [],
    // Both demo rounds are still in expert review: the department follows them under 进行中.
    shows: ['进行中的评审工作', '2025年度上海市专业技术服务平台绩效评估'],
  },
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
  it.each(JOURNEYS)(
    '$username',
    async ({ username, section, nav, shows = [] }: (typeof JOURNEYS)[number] & { shows?: string[] }) => {
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
      for (const text of shows) await page.getByText(text, { exact: true }).first().waitFor();
      // antd styles came with the server HTML: the side menu is laid out, not an unstyled list.
      const siderWidth = await page
        .locator('.ant-layout-sider')
        .evaluate((el) => el.getBoundingClientRect().width);
      expect(siderWidth).toBe(208);
      await screenshot(page, `home-${username}`);
      expect(errors).toEqual([]);
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/login$/);
      await page.close();
    },
  );

  it('admin disables an account and revokes an API token in the browser; back after sign-out shows no data', async () => {
    const issued = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'expert', password: DEMO_PASSWORD, name: '浏览器撤销测试' }),
    });
    const { token } = (await issued.json()) as { token: string };
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/login?redirectTo=%2Fadmin%2Ftokens`);
    await waitForHydration(page);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`${server.url}/admin/tokens`);
    await waitForHydration(page);
    const row = page.getByRole('row', { name: /浏览器撤销测试/ });
    await row.getByRole('button', { name: /撤\s*销/ }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await row.getByText('已撤销').first().waitFor();
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);

    await page.goto(`${server.url}/admin/users`);
    await waitForHydration(page);
    const chairRow = page.getByRole('row', { name: /张丽华/ });
    await chairRow.getByRole('button', { name: /停用账号/ }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await chairRow.getByText('已停用', { exact: true }).waitFor();
    await screenshot(page, 'admin-users');
    expect(errors).toEqual([]);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.goBack();
    await page.waitForLoadState('load');
    await page.waitForURL(/\/login/);
    expect(await page.getByText('账号管理').count()).toBe(0);
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
