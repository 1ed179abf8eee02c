// Real sockets against the real test server (tests/integration/web/support/server.ts): open a
// socket.io-client connection as a demo account, subscribe with an acknowledgement, collect events.
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { ResultUpdated, SheetUpdated, SubscribeAck } from '#app/realtime/events';
import { prisma } from '#app/utils/db.server';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { freshIp, request, type TestServer } from '#tests/integration/web/support/server';

export type Client = {
  socket: Socket;
  results: ResultUpdated[];
  sheets: SheetUpdated[];
  close(): void;
};

const opened: Socket[] = [];

/** A bearer token for a demo account (API calls and token-authenticated sockets). */
export async function tokenFor(server: TestServer, username: string): Promise<string> {
  const response = await request(server, '/api/v1/auth/token', {
    json: { username, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': freshIp() },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** A connected socket authenticated with a token, recording every live event it receives. */
export async function openClient(url: string, token: string): Promise<Client> {
  const socket = connect(url, { transports: ['websocket'], auth: { token }, reconnection: false });
  opened.push(socket);
  const client: Client = { socket, results: [], sheets: [], close: () => socket.close() };
  socket.on('result.updated', (e: ResultUpdated) => client.results.push(e));
  socket.on('sheet.updated', (e: SheetUpdated) => client.sheets.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return client;
}

export function closeAll(): void {
  for (const s of opened.splice(0)) s.close();
}

export function subscribe(client: Client, payload: unknown): Promise<SubscribeAck> {
  return client.socket.timeout(10_000).emitWithAck('subscribe', payload) as Promise<SubscribeAck>;
}

/** Waits until `check` holds (events arrive asynchronously), or fails after `ms`. */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for a live event');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo's scoring round with the chair's panel (P1) and the expert's panel (P2), and another round. */
export async function demoFixture() {
  const p1 = await prisma.panel.findFirstOrThrow({ where: { name: '第一组（检验检测）' } });
  const p2 = await prisma.panel.findFirstOrThrow({ where: { name: '第二组（信息服务与成果产业化）' } });
  const p3 = await prisma.panel.findFirstOrThrow({ where: { name: '检验检测领域组' } });
  expect(p1.roundId).toBe(p2.roundId);
  expect(p3.roundId).not.toBe(p1.roundId);
  return { roundId: p1.roundId, p1: p1.id, p2: p2.id, otherRoundId: p3.roundId, p3: p3.id };
}

/** Socket ids currently in a server room. */
export async function inRoom(server: TestServer, room: string): Promise<string[]> {
  return (await server.server.io.in(room).fetchSockets()).map((s) => s.id);
}

/** A sheet as GET /api/v1/me/sheets lists it (the fields these tests use). */
export type ApiSheet = {
  id: string;
  roundId: string;
  panelId: string | null;
  itemId: string;
  state: string;
  version: number;
  recused: boolean;
  criteria: { id: string; max: number; step: number | null }[];
};

export function api(
  server: TestServer,
  path: string,
  token: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return request(server, path, {
    json: init.json,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
}

/** The expert's sheets of a round over HTTP. */
export async function mySheets(server: TestServer, token: string, roundId: string): Promise<ApiSheet[]> {
  const response = await api(server, '/api/v1/me/sheets', token);
  expect(response.status).toBe(200);
  const { sheets } = (await response.json()) as { sheets: ApiSheet[] };
  return sheets.filter((s) => s.roundId === roundId);
}

export async function draftSheets(server: TestServer, token: string, roundId: string): Promise<ApiSheet[]> {
  return (await mySheets(server, token, roundId)).filter((s) => s.state === 'draft' && !s.recused);
}

/** Every criterion at its highest allowed score (a multiple of its step). */
export function fullMarks(sheet: ApiSheet): Record<string, number> {
  return Object.fromEntries(
    sheet.criteria.map((c) => [c.id, c.step ? Math.floor(c.max / c.step + 1e-9) * c.step : c.max]),
  );
}

/** POST /api/v1/sheets/:id/submit with a fresh Idempotency-Key. */
export function submitOverHttp(server: TestServer, token: string, sheet: ApiSheet): Promise<Response> {
  return api(server, `/api/v1/sheets/${sheet.id}/submit`, token, {
    json: { version: sheet.version, scores: fullMarks(sheet) },
    headers: { 'idempotency-key': randomUUID() },
  });
}
