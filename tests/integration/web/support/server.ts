// The real web server for integration tests: fresh migrated SQLite file, demo data, the production
// Remix build (rebuilt when stale), Express + socket.io on an ephemeral port. Requests are real HTTP.
//
// Import '#tests/support/use-test-db' FIRST in the test file, so the database URL is set before any
// app module opens the database.
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { buildAll, buildIsStale } from '#server/build';
import { createAppServer, type AppServer } from '#server/index';
import { PUBLIC_DIR, REMIX_BUILD, ROOT } from '#server/paths';

export const DEMO_USERNAMES = { admin: 'admin', agency: 'agency', department: 'dept', chair: 'chair', expert: 'expert' } as const;

export type TestServer = {
  url: string;
  server: AppServer;
  close(): Promise<void>;
};

const LOCK_DIR = path.join(ROOT, 'tests', '.tmp', 'build.lock');

/** Test files run in parallel processes; one builds while the others wait for it. */
async function ensureBuild(): Promise<void> {
  mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      // A lock older than 5 minutes belongs to a crashed run.
      const age = Date.now() - (statSafe(LOCK_DIR) ?? Date.now());
      if (age > 300_000) rmdirSync(LOCK_DIR);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (buildIsStale()) await buildAll();
  } finally {
    rmdirSync(LOCK_DIR);
  }
}

function statSafe(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

export async function startTestServer(): Promise<TestServer> {
  if (!process.env.DATABASE_URL?.includes('pingshen-test-')) {
    throw new Error("import '#tests/support/use-test-db' first: the test server must not touch data/");
  }
  await ensureBuild();
  const { prisma } = await import('#app/utils/db.server');
  const { seedDatabase } = await import('#seeds/load.server');
  await seedDatabase(prisma);
  const build = (await import(pathToFileURL(REMIX_BUILD).href)) as ServerBuild;
  const server = createAppServer({ build, mode: 'test', publicDir: PUBLIC_DIR });
  const port = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, server, close: () => server.close() };
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
export function request(server: TestServer, pathname: string, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set('cookie', options.cookie);
  let body: string | undefined = options.body;
  if (options.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    body = form.toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  return fetch(`${server.url}${pathname}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
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
  if (response.status !== 302) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  return cookieOf(response);
}
