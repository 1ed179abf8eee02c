// Every route file × every identity → the status its ROUTE_ACCESS entry promises. Generated from the
// app/routes directory: a new route without an entry fails here, as does an entry without a file.
import '#tests/support/use-test-db';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '#server/paths';
import { ROUTE_ACCESS, type Access } from '#app/utils/route-access';
import { hasPermission, type Role } from '#app/utils/permissions';
import { DEMO_USERNAMES, login, request, startTestServer, type TestServer } from './support/server';

const ROUTES_DIR = path.join(ROOT, 'app', 'routes');

// Which handlers a route file exports, read from its source so each case below is generated only
// where it applies (a case that returned early would pass without asserting anything); the build
// test checks this reading against the compiled modules.
function exportsOf(file: string): { get: boolean; post: boolean } {
  const source = readFileSync(path.join(ROUTES_DIR, file), 'utf8');
  const has = (name: string) =>
    new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+(const|let)\\s+${name}\\b`).test(
      source,
    );
  return { get: has('loader') || /export\s+default\b/.test(source), post: has('action') };
}

// Mirrors ignoredRouteFiles in remix.config.js.
const routeFiles = readdirSync(ROUTES_DIR)
  .filter((f) => /\.(ts|tsx|js|jsx)$/.test(f) && !f.startsWith('__') && !f.startsWith('.'))
  .sort();

/** URL of a flat-route file, with params filled by an id that matches nothing. */
function urlOf(file: string): string {
  const segments = file
    .replace(/\.(ts|tsx|js|jsx)$/, '')
    .replace(/\[\.\]/g, '\u0000')
    .split('.')
    .map((s) => s.replace(/\u0000/g, '.'))
    .filter((s) => !s.startsWith('_'))
    .map((s) =>
      s === '$' ? 'no-such-page' : s.startsWith('$') ? 'matrix-no-such-id' : s.replace(/^\((.*)\)$/, '$1'),
    );
  return `/${segments.join('/')}`;
}

type Identity = { name: string; roles: Role[]; cookie?: string };

const IDENTITIES: Identity[] = [
  { name: 'anonymous', roles: [] },
  { name: DEMO_USERNAMES.admin, roles: ['admin'] },
  { name: DEMO_USERNAMES.agency, roles: ['agency'] },
  { name: DEMO_USERNAMES.department, roles: ['department'] },
  { name: DEMO_USERNAMES.chair, roles: ['chair', 'expert'] },
  { name: DEMO_USERNAMES.expert, roles: ['expert'] },
];

function expectation(access: Access, identity: Identity, api: boolean): 'allowed' | 'login' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (identity.name === 'anonymous') return api ? 401 : 'login';
  if (access === 'signed-in' || hasPermission(identity.roles, access)) return 'allowed';
  return 403;
}

let server: TestServer;
let build: ServerBuild;

beforeAll(async () => {
  server = await startTestServer();
  build = server.build;
  for (const identity of IDENTITIES) {
    if (identity.name !== 'anonymous') identity.cookie = await login(server, identity.name);
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('route access table', () => {
  it('has an entry for every route file', () => {
    const missing = routeFiles.filter((f) => !(f in ROUTE_ACCESS));
    expect(missing, `add these to app/utils/route-access.ts`).toEqual([]);
  });

  it('has no entry for a file that does not exist', () => {
    const stale = Object.keys(ROUTE_ACCESS).filter((f) => !routeFiles.includes(f));
    expect(stale).toEqual([]);
  });

  it('matches the routes in the build', () => {
    const built = Object.keys(build.routes).filter((id) => id !== 'root');
    expect(built.map((id) => id.replace(/^routes\//, '')).sort()).toEqual(
      routeFiles.map((f) => f.replace(/\.(ts|tsx|js|jsx)$/, '')).sort(),
    );
    for (const file of routeFiles) {
      const module = build.routes[`routes/${file.replace(/\.(ts|tsx|js|jsx)$/, '')}`]!.module;
      expect(exportsOf(file), file).toEqual({
        get: Boolean(module.loader || module.default),
        post: Boolean(module.action),
      });
    }
  });
});

describe.each(routeFiles)('%s', (file) => {
  const access = ROUTE_ACCESS[file];
  const url = urlOf(file);
  const api = url.startsWith('/api/');

  async function check(identity: Identity, method: 'GET' | 'POST', rule: Access) {
    const response = await request(server, url, {
      method,
      cookie: identity.cookie,
      ...(method === 'POST' ? (api ? { json: {} } : { form: {} }) : {}),
    });
    const expected = expectation(rule, identity, api);
    const where = `${method} ${url} as ${identity.name}`;
    const location = response.headers.get('location') ?? '';
    if (expected === 'login') {
      expect(response.status, where).toBe(302);
      expect(location, where).toMatch(/^\/login\?redirectTo=/);
    } else if (expected === 'allowed') {
      expect([401, 403], where).not.toContain(response.status);
      expect(location, where).not.toMatch(/^\/login/);
      expect(response.status, where).toBeLessThan(500);
    } else {
      expect(response.status, where).toBe(expected);
    }
  }

  const handlers = exportsOf(file);
  const postRule = access.action ?? access.permission;
  const identities = IDENTITIES.map((i) => [i.name, i] as const);

  if (handlers.get)
    it.each(identities)('GET as %s', async (_name, identity) => {
      await check(identity, 'GET', access.permission);
    });

  // Public actions (login, logout, token) have their own tests; POSTing them here would log out.
  if (handlers.post && postRule !== 'public')
    it.each(identities)('POST as %s', async (_name, identity) => {
      await check(identity, 'POST', postRule);
    });
});
