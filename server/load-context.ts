// What the Express server hands every loader and action besides the Request.
import type { Request as ExpressRequest } from 'express';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Client address as seen through trusted proxies; used for per-IP login throttling. */
    clientIp: string;
  }
}

export function getLoadContext(req: ExpressRequest) {
  return { clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}
