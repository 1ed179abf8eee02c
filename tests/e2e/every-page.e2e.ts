// Every page of the workbench, for every demo role its route-access entry admits, opened in Chromium:
// it must hydrate (the client bundle runs) without a page or console error and without landing on an
// error boundary. Generated from ROUTE_ACCESS, so a new page is covered the day it is added. A page
// that renders on the server but crashes in the browser (a .server import used by module-level code,
// say) passes every HTTP test and fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, ROLES, type Role } from '#app/utils/permissions';
import { ROUTE_ACCESS } from '#app/utils/route-access';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';

const DEMO_USER: Record<Role, string> = {
  admin: 'admin',
  agency: 'agency',
  department: 'dept',
  chair: 'chair',
  expert: 'expert',
};

// '_app.rounds.$roundId.panels.tsx' → '/rounds/$roundId/panels'; layout-only and non-page files → null.
function pagePath(file: string): string | null {
  if (file === '_app.tsx' || !file.startsWith('_app.') || !file.endsWith('.tsx')) return null; // _app.tsx: the layout
  const segments = file
    .slice('_app.'.length, -'.tsx'.length)
    .split('.')
    .filter((s) => s !== '_index');
  return `/${segments.join('/')}`;
}

const PAGES = Object.entries(ROUTE_ACCESS)
  .map(([file, access]) => ({ file, path: pagePath(file), access: access.permission }))
  .filter(
    (p): p is { file: string; path: string; access: (typeof ROUTE_ACCESS)[string]['permission'] } =>
      p.path !== null,
  );

const CASES = PAGES.flatMap((page) =>
  ROLES.filter(
    (role) => page.access === 'signed-in' || page.access === 'public' || hasPermission([role], page.access),
  ).map((role) => ({ ...page, role })),
);

let server: E2eServer;
let browser: Browser;
const params: Record<string, string> = {};
const cookies = new Map<Role, string>();
// $sheetId: a sheet of the role's own (the scoring page answers 404 for anyone else's sheet).
const ownSheet = new Map<Role, string>();
// $sessionId: the roles the demo session's console opens for (its chair and the agency).
const sessionFollowers = new Set<Role>();

async function token(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  // Real ids from the demo data for the dynamic segments.
  const auth = { authorization: `Bearer ${await token('agency')}` };
  const rounds = (await (await fetch(`${server.url}/api/v1/rounds`, { headers: auth })).json()) as {
    rounds: { id: string }[];
  };
  const experts = (await (await fetch(`${server.url}/api/v1/experts`, { headers: auth })).json()) as {
    experts: { id: string }[];
  };
  params.$roundId = rounds.rounds[0].id;
  params.$expertId = experts.experts[0].id;
  for (const role of ['expert', 'chair'] as const) {
    const mine = { authorization: `Bearer ${await token(DEMO_USER[role])}` };
    const { sheets } = (await (await fetch(`${server.url}/api/v1/me/sheets`, { headers: mine })).json()) as {
      sheets: { id: string }[];
    };
    if (sheets[0]) ownSheet.set(role, sheets[0].id);
  }
  expect(ownSheet.get('expert'), 'the demo expert has score sheets').toBeDefined();
  // $sessionId: the demo's planned defence session (the chair's panel); its console opens for the
  // roles that may follow that session and is a 404 for the others (another panel's expert).
  for (const round of rounds.rounds) {
    const { panels } = (await (
      await fetch(`${server.url}/api/v1/rounds/${round.id}/panels`, { headers: auth })
    ).json()) as { panels: { id: string }[] };
    for (const panel of panels) {
      const { sessions } = (await (
        await fetch(`${server.url}/api/v1/panels/${panel.id}/sessions`, { headers: auth })
      ).json()) as { sessions?: { id: string }[] };
      if (sessions?.[0] && !params.$sessionId) params.$sessionId = sessions[0].id;
    }
  }
  expect(params.$sessionId, 'the demo plans a defence session').toBeDefined();
  for (const role of Object.keys(DEMO_USER) as Role[]) {
    const mine = { authorization: `Bearer ${await token(DEMO_USER[role])}` };
    const res = await fetch(`${server.url}/api/v1/sessions/${params.$sessionId}/console`, { headers: mine });
    if (res.status === 200) sessionFollowers.add(role);
  }
  expect([...sessionFollowers]).toEqual(expect.arrayContaining(['agency', 'chair']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('covers every page of the route table', () => {
  expect(PAGES.length).toBeGreaterThanOrEqual(12);
  expect(CASES.length).toBeGreaterThan(PAGES.length);
});

describe.each(CASES)('$path as $role', ({ path, role, file }) => {
  it('hydrates without errors', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    try {
      await browser.context.clearCookies();
      if (!cookies.has(role)) {
        await page.goto(`${server.url}/login`);
        await waitForHydration(page);
        await page.locator('input[name="username"]').fill(DEMO_USER[role]);
        await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await page.waitForURL(`${server.url}/`);
        const state = await browser.context.cookies(server.url);
        cookies.set(role, JSON.stringify(state));
      } else {
        await browser.context.addCookies(JSON.parse(cookies.get(role) as string));
      }
      if (path.includes('$sheetId') && !ownSheet.has(role)) return; // this demo user scores nothing
      if (path.includes('$sessionId') && !sessionFollowers.has(role)) return; // the console is for its chair and the agency
      const url = path.replace(/\$\w+/g, (name) =>
        name === '$sheetId' ? (ownSheet.get(role) ?? name) : (params[name] ?? name),
      );
      const response = await page.goto(`${server.url}${url}`);
      expect(response?.status(), `${file} as ${role}`).toBe(200);
      await waitForHydration(page);
      // Give lazy route modules and effects a moment to run, then look for an error boundary.
      await page.waitForLoadState('networkidle');
      const titles = await page.locator('.ant-result-title').allTextContents();
      expect(titles.filter((t) => /系统出错了|页面不存在|无权访问|请求有误/.test(t))).toEqual([]);
      expect(errors).toEqual([]);
      if (role === 'agency' || role === 'admin') {
        await screenshot(
          page,
          `page-${role}-${path.replace(/\$/g, '').replace(/\//g, '_').replace(/^_/, '') || 'home'}`,
        );
      }
    } finally {
      await page.close();
    }
  });
});
