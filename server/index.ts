// One HTTP server hosting the Remix app and socket.io on the same port.
import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { Server as SocketServer } from 'socket.io';
import { getLoadContext } from './load-context';
import { setRealtimeServer } from './realtime';

export type AppServer = {
  httpServer: HttpServer;
  io: SocketServer;
  /** Starts listening; port 0 picks a free port. Resolves with the port in use. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
};

export type SocketUser = { id: string; username: string; roles: string[] };

/** What app/entry.server.tsx exports for the socket handshake (the same session/token check as HTTP). */
type EntryWithAuth = { authenticateHeaders?: (headers: Headers) => Promise<SocketUser | null> };

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

  app.use('/build', express.static(options.assetsDir, { immutable: true, maxAge: '1y' }));
  app.use(express.static(options.publicDir, { maxAge: '1h', index: false }));

  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req) => getLoadContext(req),
    }),
  );

  const httpServer = createServer(app);
  const io = new SocketServer(httpServer, { serveClient: false });

  io.use(async (socket, next) => {
    try {
      const build = typeof options.build === 'function' ? await options.build() : options.build;
      const authenticate = (build.entry.module as EntryWithAuth).authenticateHeaders;
      const headers = new Headers();
      for (const [name, value] of Object.entries(socket.handshake.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const token = socket.handshake.auth?.token;
      if (typeof token === 'string') headers.set('authorization', `Bearer ${token}`);
      const user = authenticate ? await authenticate(headers) : null;
      if (!user) return next(new Error('未登录'));
      socket.data.user = user;
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error(String(error)));
    }
  });
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
    close() {
      setRealtimeServer(undefined);
      return new Promise((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
