// The real web server for integration tests: fresh migrated SQLite file, demo data, the Remix build
// of the current sources, Express + socket.io on an ephemeral port. Requests are real HTTP.
//
// Import '#tests/support/use-test-db' FIRST in the test file, so the database URL is set before any
// app module opens the database.
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createAppServer, type AppServer } from '#server/index';
import { PUBLIC_DIR } from '#server/paths';
import { ensureTestBuild } from './build';

export const DEMO_USERNAMES = {
  admin: 'admin',
  agency: 'agency',
  department: 'dept',
  chair: 'chair',
  expert: 'expert',
} as const;

export type TestServer = {
  url: string;
  build: ServerBuild;
  server: AppServer;
  close(): Promise<void>;
};

export async function startTestServer(
  options: { trustProxy?: boolean | number | string } = {},
): Promise<TestServer> {
  if (!process.env.DATABASE_URL?.includes('pingshen-test-')) {
    throw new Error("import '#tests/support/use-test-db' first: the test server must not touch data/");
  }
  const built = await ensureTestBuild();
  const { prisma } = await import('#app/utils/db.server');
  const { seedDatabase } = await import('#seeds/load.server');
  await seedDatabase(prisma);
  const build = (await import(pathToFileURL(built.serverBuild).href)) as ServerBuild;
  const server = createAppServer({
    build,
    mode: 'test',
    publicDir: PUBLIC_DIR,
    assetsDir: built.assetsDir,
    trustProxy: options.trustProxy,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, build, server, close: () => server.close() };
}

type RequestOptions = {
  method?: string;
  cookie?: string;
  headers?: Record<string, string>;
  form?: Record<string, string | string[]>;
  json?: unknown;
  body?: string;
};

/** fetch without following redirects, so tests see 302s to /login. */
export function request(
  server: TestServer,
  pathname: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set('cookie', options.cookie);
  let body: string | undefined = options.body;
  if (options.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form))
      for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    body = form.toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  return fetch(`${server.url}${pathname}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
}

/** The "name=value" part of a Set-Cookie header, for the Cookie header of later requests. */
export function cookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie');
  if (!setCookie) throw new Error(`no Set-Cookie in response ${response.status}`);
  return setCookie.split(';')[0];
}

let ipCounter = 0;
/** A distinct client address per call (through X-Forwarded-For), so throttling tests do not collide. */
export function freshIp(): string {
  ipCounter += 1;
  return `10.${process.pid % 250}.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

export async function login(server: TestServer, username: string, password?: string): Promise<string> {
  const { DEMO_PASSWORD } = await import('#seeds/load.server');
  const response = await request(server, '/login', {
    form: { username, password: password ?? DEMO_PASSWORD, redirectTo: '/' },
    headers: { 'x-forwarded-for': freshIp() },
  });
  if (response.status !== 302)
    throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  return cookieOf(response);
}
