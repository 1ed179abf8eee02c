// Express middleware that runs before the Remix handler on every request: security headers, the
// same-origin rule for cookie-authenticated writes (CSRF), the JSON content type of API bodies, and
// request-body size limits enforced while the body streams in (nothing is buffered here).
import type { NextFunction, Request, Response } from 'express';

const MB = 1024 * 1024;

/** Largest accepted request body: JSON and urlencoded forms … */
export const BODY_LIMIT_BYTES = 1 * MB;
/** … and uploads (multipart/form-data, a raw xlsx or octet-stream body). */
export const UPLOAD_LIMIT_BYTES = 10 * MB;

const UPLOAD_TYPES = [
  'multipart/form-data',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function isUpload(req: Request): boolean {
  return UPLOAD_TYPES.includes(mediaType(req));
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isApi(req: Request): boolean {
  return req.path.startsWith('/api/');
}

function hasBearer(req: Request): boolean {
  return /^Bearer\s+\S+/i.test(req.headers.authorization ?? '');
}

function refuse(req: Request, res: Response, status: number, message: string): void {
  if (isApi(req) || req.path.endsWith('.data')) {
    res.status(status).json({ error: message });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${status}</title><p>${message}</p><p><a href="/">返回首页</a></p></html>`,
    );
}

/** Every response (pages, API, static files): no framing, no MIME sniffing, no cross-origin Referer. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
}

/**
 * Hosts this server answers as, for comparing an Origin header: the Host header, and the
 * X-Forwarded-Host a trusted proxy set (Express's req.hostname honours it only then).
 */
function ownHosts(headers: Record<string, string | string[] | undefined>, trusted: boolean): string[] {
  const hosts: string[] = [];
  const host = headers.host;
  if (typeof host === 'string') hosts.push(host.toLowerCase());
  const forwarded = headers['x-forwarded-host'];
  if (trusted && typeof forwarded === 'string') hosts.push(forwarded.split(',')[0].trim().toLowerCase());
  return hosts;
}

/**
 * Whether a browser request comes from one of our own pages. Sec-Fetch-Site decides when present
 * ('same-site' is refused too: another port on the same host is another origin). Otherwise the
 * Origin header must name one of our hosts. A request with neither header does not come from a
 * browser page script or form (every current browser sends Origin on a POST), so it passes.
 */
export function isSameOriginRequest(
  headers: Record<string, string | string[] | undefined>,
  trustedProxy: boolean,
): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site === 'same-origin' || site === 'none';
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin === '') return true;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  return ownHosts(headers, trustedProxy).includes(host);
}

/** Whether Express trusts the proxy this request came through (the `trust proxy` setting). */
function fromTrustedProxy(req: Request): boolean {
  const trust = req.app.get('trust proxy fn') as ((addr: string, i: number) => boolean) | undefined;
  return Boolean(trust && req.socket.remoteAddress && trust(req.socket.remoteAddress, 0));
}

/**
 * CSRF: a state change authenticated by the session cookie must come from our own origin. Requests
 * carrying a Bearer token are exempt (the cookie is then ignored, and a foreign page cannot add the
 * header without a CORS preflight, which this server never grants).
 */
export function sameOriginWrites(req: Request, res: Response, next: NextFunction): void {
  if (!UNSAFE_METHODS.has(req.method) || hasBearer(req)) return next();
  if (isSameOriginRequest(req.headers, fromTrustedProxy(req))) return next();
  refuse(req, res, 403, '拒绝来自其他网站的请求：请在本系统页面内操作');
}

/**
 * JSON API bodies must say application/json: a foreign page can send text/plain or a form without a
 * CORS preflight, application/json it cannot. Upload endpoints (…/import) take multipart or raw xlsx.
 */
export function jsonApiBodies(req: Request, res: Response, next: NextFunction): void {
  if (!isApi(req) || !UNSAFE_METHODS.has(req.method) || !hasBody(req)) return next();
  const type = mediaType(req);
  if (type === 'application/json') return next();
  if (req.path.endsWith('/import') && isUpload(req)) return next();
  refuse(req, res, 415, '请求体必须是 JSON（Content-Type: application/json）');
}

function tooLarge(req: Request, res: Response, limit: number): void {
  res.locals.bodyRefused = true;
  // Stop reading: whoever listens (the Remix reader) gets no more bytes, and the connection closes
  // once the answer is out, so the rest of the body is never read.
  req.removeAllListeners('data');
  req.pause();
  if (res.headersSent) return;
  res.setHeader('Connection', 'close');
  const message =
    limit === UPLOAD_LIMIT_BYTES
      ? `文件超过${limit / MB}MB上限，请拆分为多个文件分批导入`
      : `请求体过大：超过 ${limit / MB} MB 上限，已拒绝`;
  refuse(req, res, 413, message);
}

/**
 * Limits request bodies while they stream: a Content-Length over the limit is refused before any
 * byte is read; a chunked body is counted as it arrives and refused as soon as the count passes the
 * limit. Counting listens to the same 'data' events the Remix adapter reads, which it attaches in the
 * same tick (before any data flows), so nothing is buffered here; at most one chunk past the limit
 * reaches the route, whose read then ends early (the route's late answer is dropped).
 */
export function bodyLimits(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) return next();
  const limit = isUpload(req) ? UPLOAD_LIMIT_BYTES : BODY_LIMIT_BYTES;
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return tooLarge(req, res, limit);
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) tooLarge(req, res, limit);
  };
  req.on('data', count);
  next();
}

/**
 * After a 413 the route may still try to answer (its body read failed): that late answer is dropped
 * instead of reaching Express's default error handler.
 */
export function afterRefusedBody(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.locals.bodyRefused && res.headersSent) return;
  next(err);
}
