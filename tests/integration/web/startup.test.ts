// `npm start` on bad configuration: one clear message, exit code 1, no stack trace. And sockets
// authenticate with the same session as HTTP.
import '#tests/support/use-test-db';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '#server/paths';
import { login, startTestServer, type TestServer } from './support/server';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(40),
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start with bad configuration', () => {
  it('exits 1 with a clear message when the SQLite file cannot be opened', () => {
    const result = start({ DATABASE_URL: 'file:/dev/null/pingshen.db' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('无法连接数据库 (cannot reach the database) file:/dev/null/pingshen.db');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 with a clear message, password hidden, when PostgreSQL is unreachable', () => {
    const result = start({ DATABASE_URL: 'postgresql://pingshen:secret@127.0.0.1:1/pingshen' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('无法连接数据库 (cannot reach the database)');
    expect(result.stderr).toContain('postgresql://pingshen:***@127.0.0.1:1/pingshen');
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 naming the variable when PORT is invalid', () => {
    const result = start({ DATABASE_URL: 'file:/nonexistent-never-opened.db', PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('socket.io handshake', () => {
  let server: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  function open(extraHeaders: Record<string, string>): Promise<{ connected: boolean; error?: string }> {
    return new Promise((resolve) => {
      const socket = connect(server.url, { transports: ['websocket'], extraHeaders, reconnection: false });
      sockets.push(socket);
      socket.on('connect', () => resolve({ connected: true }));
      socket.on('connect_error', (error) => resolve({ connected: false, error: error.message }));
    });
  }

  it('accepts a signed-in session cookie', async () => {
    const cookie = await login(server, 'chair');
    expect(await open({ cookie, origin: server.url })).toEqual({ connected: true });
  });

  it('refuses a connection without a session', async () => {
    expect(await open({ origin: server.url })).toEqual({ connected: false, error: '未登录' });
  });
});
