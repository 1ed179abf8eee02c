// One HTTP server hosting the Remix app and socket.io on the same port.
import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { Server as SocketServer, type Socket } from 'socket.io';
import {
  afterRefusedBody,
  bodyLimits,
  isSameOriginRequest,
  jsonApiBodies,
  sameOriginWrites,
  securityHeaders,
} from './guards';
import { getLoadContext } from './load-context';
import { EVENTS, rooms } from '#app/realtime/events';
import type { LiveSocketState, RoomOps } from '#app/realtime/subscribe.server';
import { setRealtimeServer, type SocketAuth } from './realtime';

export type AppServer = {
  httpServer: HttpServer;
  io: SocketServer;
  /** Starts listening; port 0 picks a free port. Resolves with the port in use. */
  listen(port: number, host?: string): Promise<number>;
  /** Checks every live socket now (the server also does it every 30 s); returns how many it ended. */
  sweepSockets(): Promise<number>;
  close(): Promise<void>;
};

export type SocketUser = { id: string; username: string; roles: string[] };

type SocketAuthResult = { user: SocketUser; auth: SocketAuth };

/** What app/entry.server.tsx exports for the socket handshake (the same session/token check as HTTP). */
type EntryWithAuth = {
  authenticateSocket?: (headers: Headers) => Promise<SocketAuthResult | null>;
  isSocketAuthValid?: (auth: SocketAuth) => Promise<boolean>;
  /** `subscribe` / `unsubscribe` (app/realtime/subscribe.server.ts): checks, joins, snapshot. */
  handleSubscribe?: (
    user: SocketUser,
    request: unknown,
    state: LiveSocketState,
    ops: RoomOps,
  ) => Promise<unknown>;
  handleUnsubscribe?: (request: unknown, state: LiveSocketState, ops: RoomOps) => Promise<unknown>;
  newLiveSocketState?: () => LiveSocketState;
  /** A big-screen (大屏) link's token → its link and session, or null (app/models/screen-link.server.ts). */
  resolveScreenToken?: (token: unknown) => Promise<(ScreenSocket & { expiresAt?: string }) | null>;
  isScreenLinkValid?: (linkId: string) => Promise<boolean>;
  /** `subscribe` of a screen socket (app/realtime/screen.server.ts): its own session room only. */
  handleScreenSubscribe?: (screen: ScreenSocket, request: unknown, ops: RoomOps) => Promise<unknown>;
};

/** What a big-screen socket holds in socket.data.screen: the link it opened with and its session. */
export type ScreenSocket = { linkId: string; sessionId: string };

type Ack = (answer: unknown) => void;

/** The last argument of a client event, when it is an acknowledgement callback. */
function ackOf(args: unknown[]): Ack | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Ack) : null;
}

/** Subscribe/unsubscribe requests of one socket waiting for their turn, at most. */
const MAX_QUEUED_REQUESTS = 100;

/** How often live sockets are checked against their session/token (expiry, idle timeout). */
const SOCKET_SWEEP_MS = 30_000;

export type AppServerOptions = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: 'production' | 'development' | 'test';
  /** Static files (public/). */
  publicDir: string;
  /** Fingerprinted browser bundles served under /build/ (Remix assetsBuildDirectory). */
  assetsDir: string;
  /** Express `trust proxy` (validated TRUST_PROXY from env.server); default: proxies on this host. */
  trustProxy?: boolean | number | string;
};

export function createAppServer(options: AppServerOptions): AppServer {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy on the same host, honour X-Forwarded-For/-Proto (client IP, secure cookies).
  // Only proxies trusted here can make a request count as HTTPS (req.protocol → the Remix request URL).
  app.set('trust proxy', options.trustProxy ?? 'loopback');

  app.use(securityHeaders);
  app.use('/build', express.static(options.assetsDir, { immutable: true, maxAge: '1y' }));
  app.use(express.static(options.publicDir, { maxAge: '1h', index: false }));

  // Before the Remix handler: refuse foreign-origin writes (403), non-JSON API bodies (415) and
  // oversized bodies (413) while they stream.
  app.use(sameOriginWrites, jsonApiBodies, bodyLimits);
  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req) => getLoadContext(req),
    }),
  );
  app.use(afterRefusedBody);

  const trustProxyFn = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const httpServer = createServer(app);
  const io = new SocketServer(httpServer, { serveClient: false });

  const entry = async (): Promise<EntryWithAuth> => {
    const build = typeof options.build === 'function' ? await options.build() : options.build;
    return build.entry.module as EntryWithAuth;
  };

  io.use(async (socket, next) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(socket.handshake.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const token = socket.handshake.auth?.token;
      if (typeof token === 'string') headers.set('authorization', `Bearer ${token}`);
      // A browser page on another origin may not open a socket with our cookie; a client without
      // Origin or Sec-Fetch-Site is not a browser page and must bring a bearer token (a bare cookie
      // is not enough). Same-origin polling requests carry Sec-Fetch-Site: same-origin.
      const trusted = Boolean(
        trustProxyFn(socket.request.socket.remoteAddress ?? '', 0) && socket.request.socket.remoteAddress,
      );
      if (!isSameOriginRequest(socket.handshake.headers, trusted)) {
        return next(new Error('拒绝来自其他网站的连接'));
      }
      // A big-screen link (大屏): the token in `auth.screen` is the credential, no user, no cookie.
      const screenToken = socket.handshake.auth?.screen;
      if (screenToken !== undefined) {
        const { resolveScreenToken } = await entry();
        const found = resolveScreenToken ? await resolveScreenToken(screenToken) : null;
        if (!found) return next(new Error('链接无效或已过期'));
        const screen: ScreenSocket = { linkId: found.linkId, sessionId: found.sessionId };
        socket.data.screen = screen;
        socket.data.screenExpiresAt = found.expiresAt ? Date.parse(found.expiresAt) : null;
        socket.data.auth = {
          userId: '',
          sessionId: null,
          tokenId: null,
          screenLinkId: screen.linkId,
        } satisfies SocketAuth;
        return next();
      }
      const { origin, 'sec-fetch-site': site } = socket.handshake.headers;
      if (!origin && !site && !headers.has('authorization')) {
        return next(new Error('未登录'));
      }
      const { authenticateSocket } = await entry();
      const result = authenticateSocket ? await authenticateSocket(headers) : null;
      if (!result) return next(new Error('未登录'));
      socket.data.user = result.user;
      socket.data.auth = result.auth;
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error(String(error)));
    }
  });

  io.on('connection', (socket) => {
    const screen = socket.data.screen as ScreenSocket | undefined;
    if (screen) return onScreenConnection(socket, screen);
    const user = socket.data.user as SocketUser;
    // Every socket hears about its own sheets (sheet.updated: reopened, locked, marked absent…).
    void socket.join(rooms.user(user.id));
    const ops: RoomOps = {
      // A socket that went away meanwhile must not be added back to rooms.
      join: (names) => (socket.connected ? socket.join(names) : undefined),
      leave: async (names) => {
        for (const name of names) await socket.leave(name);
      },
    };
    let state: LiveSocketState | undefined;
    const stateOf = async () => {
      state ??= (await entry()).newLiveSocketState?.() ?? {
        joined: new Map(),
        windowStart: 0,
        requests: 0,
      };
      return state;
    };
    // Requests of one socket run one after another, so joins, leaves and the room count stay exact;
    // a client flooding requests faster than they are answered is refused without queueing more.
    let queue: Promise<unknown> = Promise.resolve();
    let waiting = 0;
    const serial = (work: () => Promise<void>, refuse: () => void) => {
      if (waiting >= MAX_QUEUED_REQUESTS) return refuse();
      waiting += 1;
      const run = () => work().finally(() => (waiting -= 1));
      queue = queue.then(run, run);
    };
    const busy = { ok: false, error: '订阅请求过于频繁，请稍后再试' };

    socket.on(EVENTS.subscribe, (...args: unknown[]) => {
      const ack = ackOf(args);
      // Without an acknowledgement the client could not learn the snapshot or a refusal: ignore it.
      if (!ack) return;
      const request = args.length > 1 ? args[0] : undefined;
      serial(
        async () => {
          try {
            const { handleSubscribe } = await entry();
            if (!socket.connected) return;
            ack(
              handleSubscribe
                ? await handleSubscribe(user, request, await stateOf(), ops)
                : { ok: false, error: '实时服务不可用' },
            );
          } catch (error) {
            console.error(error);
            ack({ ok: false, error: '服务器内部错误，请稍后重试' });
          }
        },
        () => ack(busy),
      );
    });

    socket.on(EVENTS.unsubscribe, (...args: unknown[]) => {
      const ack = ackOf(args);
      const request = ack ? (args.length > 1 ? args[0] : undefined) : args[0];
      serial(
        async () => {
          try {
            const { handleUnsubscribe } = await entry();
            const answer = handleUnsubscribe
              ? await handleUnsubscribe(request, await stateOf(), ops)
              : { ok: false, error: '实时服务不可用' };
            ack?.(answer);
          } catch (error) {
            console.error(error);
            ack?.({ ok: false, error: '服务器内部错误，请稍后重试' });
          }
        },
        () => ack?.(busy),
      );
    });
  });

  /**
   * A big-screen socket: read-only, it may only follow its own session's room (`subscribe`
   * `{room: "session:<id>"}`, answered with the snapshot); everything else is refused.
   */
  function onScreenConnection(socket: Socket, screen: ScreenSocket): void {
    // The link ends at its expiry: disconnect then (the sweep is the fallback for far-off ones).
    const expiresAt = socket.data.screenExpiresAt as number | null;
    const untilExpiry = expiresAt === null ? NaN : expiresAt - Date.now();
    if (Number.isFinite(untilExpiry) && untilExpiry < 2 ** 31 - 1) {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, untilExpiry));
      socket.once('disconnect', () => clearTimeout(timer));
    }
    const ops: RoomOps = {
      join: (names) => (socket.connected ? socket.join(names) : undefined),
      leave: async (names) => {
        for (const name of names) await socket.leave(name);
      },
    };
    let queue: Promise<unknown> = Promise.resolve();
    let waiting = 0;
    socket.on(EVENTS.subscribe, (...args: unknown[]) => {
      const ack = ackOf(args);
      if (!ack) return;
      const request = args.length > 1 ? args[0] : undefined;
      if (waiting >= MAX_QUEUED_REQUESTS) return ack({ ok: false, error: '订阅请求过于频繁，请稍后再试' });
      waiting += 1;
      const run = async () => {
        try {
          const { handleScreenSubscribe } = await entry();
          if (!socket.connected) return;
          ack(
            handleScreenSubscribe
              ? await handleScreenSubscribe(screen, request, ops)
              : { ok: false, error: '实时服务不可用' },
          );
        } catch (error) {
          console.error(error);
          ack({ ok: false, error: '服务器内部错误，请稍后重试' });
        } finally {
          waiting -= 1;
        }
      };
      queue = queue.then(run, run);
    });
    socket.on(EVENTS.unsubscribe, (...args: unknown[]) => {
      ackOf(args)?.({ ok: false, error: '大屏链接只能订阅本场答辩会' });
    });
  }

  /** Disconnects live sockets whose session expired or went idle, whose token or screen link ended. */
  async function sweepSockets(): Promise<number> {
    const { isSocketAuthValid, isScreenLinkValid } = await entry();
    if (!isSocketAuthValid) return 0;
    let ended = 0;
    for (const socket of [...io.of('/').sockets.values()]) {
      const auth = socket.data.auth as SocketAuth | undefined;
      const screen = socket.data.screen as ScreenSocket | undefined;
      const valid = screen
        ? Boolean(isScreenLinkValid && (await isScreenLinkValid(screen.linkId)))
        : Boolean(auth && (await isSocketAuthValid(auth)));
      if (!valid) {
        socket.disconnect(true);
        ended += 1;
      }
    }
    return ended;
  }
  const sweepTimer = setInterval(() => {
    sweepSockets().catch((error: unknown) => console.error(error));
  }, SOCKET_SWEEP_MS);
  sweepTimer.unref();
  setRealtimeServer(io);

  return {
    httpServer,
    io,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    sweepSockets,
    close() {
      clearInterval(sweepTimer);
      setRealtimeServer(undefined);
      return new Promise((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
