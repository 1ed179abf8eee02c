// Server rendering with antd style extraction.
//
// With single fetch on, hydration only starts when the document comes from renderToPipeableStream;
// we still wait for onAllReady so the whole page has rendered and every antd style is in the
// cssinjs cache, then fill root.tsx's antd <style> element with the extracted CSS — no flash of
// unstyled content.
import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import { renderToPipeableStream } from 'react-dom/server';
import { ANTD_STYLES_PLACEHOLDER } from '#app/components/antd-styles';

export const streamTimeout = 10_000;

/** Server log: real errors only; unknown URLs (404) and requests the client abandoned are not. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) return;
  console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
): Promise<Response> {
  const cache = createCache();
  return new Promise((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(
      <StyleProvider cache={cache}>
        <RemixServer context={remixContext} url={request.url} />
      </StyleProvider>,
      {
        onAllReady() {
          const sink = new PassThrough();
          const chunks: Buffer[] = [];
          sink.on('data', (chunk: Buffer) => chunks.push(chunk));
          sink.on('error', reject);
          sink.on('end', () => {
            const html = Buffer.concat(chunks).toString('utf8');
            const body = html.replace(ANTD_STYLES_PLACEHOLDER, extractStyle(cache, { plain: true }));
            responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
            // Pages show personal data: never keep them in a cache, so Back after sign-out asks the
            // server again (and is sent to /login) instead of showing the old page.
            if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'no-store');
            resolve(
              new Response(body, { status: didError ? 500 : responseStatusCode, headers: responseHeaders }),
            );
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          didError = true;
          // Aborted requests (client went away) are not server errors worth logging.
          if (!request.signal.aborted) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

// The Express server authenticates socket.io handshakes through the build, so sockets and HTTP share
// one session/token check and one database client.
export { authenticateSocket, isSocketAuthValid } from '#app/utils/auth.server';

// …and the socket.io `subscribe` / `unsubscribe` handlers (app/realtime/subscribe.server.ts): the
// permission checks and snapshots run in the build, against the same models as the pages.
export { handleSubscribe, handleUnsubscribe, newLiveSocketState } from '#app/realtime/subscribe.server';

// …and the big screen's sockets (大屏, issue 10 §3): a screen link's token instead of a user, and the
// one room such a socket may follow.
export { resolveScreenToken, isScreenLinkValid } from '#app/models/screen-link.server';
export { handleScreenSubscribe } from '#app/realtime/screen.server';
