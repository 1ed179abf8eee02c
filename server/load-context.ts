// What the Express server hands every loader and action besides the Request.
import type { Request as ExpressRequest } from 'express';

declare module '@remix-run/node' {
  // Loader data types follow single fetch (Dates stay Dates), matching remix.config.js.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** Client address as seen through trusted proxies; used for per-IP login throttling. */
    clientIp: string;
  }
}

export function getLoadContext(req: ExpressRequest) {
  return { clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}
