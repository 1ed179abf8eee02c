// Defence-session command fan-out (issue 10 §6): the time from sending a chair's command over HTTP
// until every subscribed tablet (each expert's socket in `session:<id>`) and every big screen (a
// socket opened with a screen link's token, `auth: { screen }`, as /screen/<token> does) holds the
// new snapshot.
// The workbench runs as its own production-mode process on a temporary database
// (tests/support/live-server.ts); the round is built over the HTTP API (tests/support/live-fixture.ts).
//
// `benchSessionCommands` is what bench:live calls; alone: `tsx tests/bench/session-commands.ts
// [--experts 12] [--screens 2] [--commands 120]` prints the figures and writes
// tests/bench/results/session-commands.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { createLiveDb } from '#tests/support/live-db';
import { buildLiveRound, call, callJson, mapLimit } from '#tests/support/live-fixture';
import { startLiveInstance } from '#tests/support/live-server';

process.env.SESSION_SECRET ??= 'bench-session-secret-0123456789abcdef0123456789';
process.env.AUDIT_KEY ??= 'bench-audit-key-0123456789abcdef0123456789abcdef';

type Snapshot = {
  id: string;
  version: number;
  currentItemId: string | null;
  phase: string | null;
  state: string;
};

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

/** The last run's split: command answered (HTTP) and answer → last subscriber (fan-out), in ms. */
export const lastBreakdown = { answeredP50: NaN, answeredP99: NaN, fanoutP50: NaN, fanoutP99: NaN };

/** A signed-in client (cookie), or a big screen (a screen link's token, no sign-in). */
function connectClient(url: string, who: { cookie: string } | { screen: string }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, {
      transports: ['websocket'],
      extraHeaders: 'cookie' in who ? { cookie: who.cookie, origin: url } : { origin: url },
      ...('screen' in who ? { auth: { screen: who.screen } } : {}),
      reconnection: false,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** One subscriber: the highest snapshot version seen, and who waits for a version. */
type Follower = {
  socket: Socket;
  version: number;
  waiters: { version: number; resolve: (at: number) => void }[];
};

async function follow(
  url: string,
  who: { cookie: string } | { screen: string },
  sessionId: string,
): Promise<Follower> {
  const socket = await connectClient(url, who);
  const f: Follower = { socket, version: 0, waiters: [] };
  socket.on('session.updated', (snapshot: Snapshot) => {
    const at = performance.now();
    if (snapshot.id !== sessionId || snapshot.version <= f.version) return;
    f.version = snapshot.version;
    f.waiters = f.waiters.filter((w) => {
      if (w.version > f.version) return true;
      w.resolve(at);
      return false;
    });
  });
  const ack = (await socket.timeout(10_000).emitWithAck('subscribe', { room: `session:${sessionId}` })) as {
    ok: boolean;
    error?: string;
    version?: number;
  };
  if (!ack.ok) throw new Error(`session subscribe refused: ${ack.error}`);
  f.version = Math.max(f.version, ack.version ?? 0);
  return f;
}

/** When the follower first held `version` (performance.now()); rejects after `ms`. */
function arrival(f: Follower, version: number, ms = 15_000): Promise<number> {
  if (f.version >= version) return Promise.resolve(performance.now());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no snapshot v${version} within ${ms} ms`)), ms);
    f.waiters.push({
      version,
      resolve: (at) => {
        clearTimeout(timer);
        resolve(at);
      },
    });
  });
}

/** The chair's day, over and over: call the next applicant, the phases, pause and resume, extend. */
function commandAt(i: number, itemIds: string[], current: Snapshot): Record<string, unknown> {
  const cycle = ['set-current', 'start-phase-presentation', 'extend', 'pause', 'resume', 'start-phase-qa'];
  const step = cycle[i % cycle.length];
  switch (step) {
    case 'set-current': {
      const next = itemIds.find((id) => id !== current.currentItemId) ?? itemIds[0];
      const index = Math.floor(i / cycle.length) % itemIds.length;
      const wanted = itemIds[index] === current.currentItemId ? next : itemIds[index];
      return { command: 'set-current', itemId: wanted };
    }
    case 'start-phase-presentation':
      return { command: 'start-phase', phase: 'presentation' };
    case 'start-phase-qa':
      return { command: 'start-phase', phase: 'qa' };
    case 'extend':
      return { command: 'extend', seconds: 30 };
    default:
      return { command: step };
  }
}

export async function benchSessionCommands(opts: {
  experts: number;
  screens: number;
  commands: number;
}): Promise<{ p50: number; p99: number; max: number }> {
  if (opts.experts < 1 || opts.experts > 25) throw new Error('experts: 1 to 25 (one panel)');
  const db = await createLiveDb();
  const server = await startLiveInstance(db, { quiet: true });
  const sockets: Socket[] = [];
  try {
    const round = await buildLiveRound(server.url, {
      experts: opts.experts,
      items: 4,
      panels: 1,
      concurrency: 8,
      label: '答辩基准',
    });
    const panel = round.panels[0];
    const agency = round.agencyCookie;
    const { session } = await callJson<{ session: Snapshot }>(
      server.url,
      `/api/v1/panels/${panel.id}/sessions`,
      {
        cookie: agency,
        json: { name: '基准答辩会' },
      },
    );
    const tablets = await mapLimit(round.experts, 8, (e) =>
      follow(server.url, { cookie: e.cookie }, session.id),
    );
    const screens: Follower[] = [];
    for (let s = 0; s < opts.screens; s++) {
      const { link } = await callJson<{ link: { token: string } }>(
        server.url,
        `/api/v1/sessions/${session.id}/screen-links`,
        { cookie: agency, json: { label: `大屏 ${s + 1}` } },
      );
      screens.push(await follow(server.url, { screen: link.token }, session.id));
    }
    const everyone = [...tablets, ...screens];
    for (const f of everyone) sockets.push(f.socket);

    // The agency runs the room (it may, as the chair may): start, every expert checked in.
    let current = session;
    const answered: number[] = [];
    const fanout: number[] = [];
    const run = async (body: Record<string, unknown>): Promise<number> => {
      const started = performance.now();
      const response = await call(server.url, `/api/v1/sessions/${session.id}/commands`, {
        cookie: agency,
        json: { version: current.version, ...body },
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`${String(body.command)} → ${response.status}: ${text.slice(0, 300)}`);
      const answeredAt = performance.now();
      current = JSON.parse(text) as Snapshot;
      const arrivals = await Promise.all(everyone.map((f) => arrival(f, current.version)));
      const last = Math.max(...arrivals);
      answered.push(answeredAt - started);
      fanout.push(Math.max(0, last - answeredAt));
      return last - started;
    };
    await run({ command: 'start' });
    for (const e of round.experts) await run({ command: 'check-in', expertId: e.expertId });

    const latencies: number[] = [];
    answered.length = 0;
    fanout.length = 0;
    for (let i = 0; i < opts.commands; i++) latencies.push(await run(commandAt(i, panel.itemIds, current)));
    Object.assign(lastBreakdown, {
      answeredP50: quantile(answered, 0.5),
      answeredP99: quantile(answered, 0.99),
      fanoutP50: quantile(fanout, 0.5),
      fanoutP99: quantile(fanout, 0.99),
    });
    return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies) };
  } finally {
    for (const s of sockets) s.close();
    await server.close();
    await db.cleanup();
  }
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const opts = {
    experts: option('experts', 12),
    screens: option('screens', 2),
    commands: option('commands', 120),
  };
  console.log(
    `session commands: ${opts.experts} tablets + ${opts.screens} screens, ${opts.commands} commands …`,
  );
  const figures = await benchSessionCommands(opts);
  const fmt = (x: number) => `${x.toFixed(1)} ms`;
  console.log(
    `command → every tablet and screen: p50 ${fmt(figures.p50)}, p99 ${fmt(figures.p99)}, max ${fmt(figures.max)}`,
  );
  console.log(
    `  answered (HTTP): p50 ${fmt(lastBreakdown.answeredP50)}, p99 ${fmt(lastBreakdown.answeredP99)}; ` +
      `answer → last subscriber: p50 ${fmt(lastBreakdown.fanoutP50)}, p99 ${fmt(lastBreakdown.fanoutP99)}`,
  );
  const out = path.join(process.cwd(), 'tests/bench/results/session-commands.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ when: new Date().toISOString(), ...opts, latencyMs: figures, breakdownMs: lastBreakdown }, null, 2)}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}
