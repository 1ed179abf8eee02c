// Shared steps of the big-screen and paper tests: defence sessions created over the real HTTP API
// (issue 10 §5) on the demo panels, screen links created and revoked over the API, and screen
// sockets opened with `auth: { screen: <token> }` against the real test server.
import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { SessionSnapshot } from '#app/realtime/events';
import { request, type TestServer } from '#tests/integration/web/support/server';

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).toBe(status);
  return JSON.parse(text) as T;
}

/** A planned session on `panelId` created by the agency; tomorrow 09:00 Beijing unless told. */
export async function createSession(
  server: TestServer,
  agencyToken: string,
  panelId: string,
  scheduledAt?: string | null,
  order?: string[],
): Promise<SessionSnapshot> {
  const at =
    scheduledAt === undefined
      ? new Date(
          Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) * 86_400_000 + 86_400_000 + 1 * 3600_000,
        ).toISOString() // tomorrow 09:00 +08:00
      : scheduledAt;
  const response = await request(server, `/api/v1/panels/${panelId}/sessions`, {
    headers: bearer(agencyToken),
    json: {
      name: '集中答辩',
      venue: '第一会议室',
      ...(at ? { scheduledAt: at } : {}),
      ...(order ? { order } : {}),
    },
  });
  const { session } = await json<{ session: SessionSnapshot }>(response, 201);
  return session;
}

/** The items assigned to a panel, in assignment order (a session's presentation order). */
export async function panelItemIds(panelId: string): Promise<string[]> {
  const { prisma } = await import('#app/utils/db.server');
  const rows = await prisma.assignment.findMany({
    where: { panelId },
    orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
    select: { itemId: true },
  });
  return rows.map((r) => r.itemId);
}

export type CreatedLink = { id: string; label: string | null; url: string; token: string; expiresAt: string };

export async function createLink(
  server: TestServer,
  token: string,
  sessionId: string,
  label?: string,
): Promise<CreatedLink> {
  const response = await request(server, `/api/v1/sessions/${sessionId}/screen-links`, {
    headers: bearer(token),
    json: label ? { label } : {},
  });
  return (await json<{ link: CreatedLink }>(response, 201)).link;
}

export async function command(
  server: TestServer,
  token: string,
  sessionId: string,
  body: Record<string, unknown>,
): Promise<SessionSnapshot> {
  const current = await json<SessionSnapshot>(
    await request(server, `/api/v1/sessions/${sessionId}`, { headers: bearer(token) }),
    200,
  );
  const response = await request(server, `/api/v1/sessions/${sessionId}/commands`, {
    headers: bearer(token),
    json: { ...body, version: current.version },
  });
  // The answer is the new snapshot itself (its fields at the top level).
  return json<SessionSnapshot>(response, 200);
}

export type ScreenClient = {
  socket: Socket;
  updates: SessionSnapshot[];
  disconnected: () => boolean;
};

const opened: Socket[] = [];

/** A screen socket; resolves once connected, rejects with the handshake's refusal. */
export function openScreen(
  server: TestServer,
  token: unknown,
  headers: Record<string, string> = {},
): Promise<ScreenClient> {
  const socket = connect(server.url, {
    transports: ['websocket'],
    auth: { screen: token },
    reconnection: false,
    extraHeaders: headers,
  });
  opened.push(socket);
  let gone = false;
  const client: ScreenClient = { socket, updates: [], disconnected: () => gone };
  socket.on('session.updated', (s: SessionSnapshot) => client.updates.push(s));
  socket.on('disconnect', () => (gone = true));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error) => reject(error));
  });
}

export function closeScreens(): void {
  for (const s of opened.splice(0)) s.close();
}

export function screenSubscribe(client: ScreenClient, payload: unknown): Promise<Record<string, unknown>> {
  return client.socket.timeout(10_000).emitWithAck('subscribe', payload) as Promise<Record<string, unknown>>;
}

export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
