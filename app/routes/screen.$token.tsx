// The big screen (大屏, issue 10 §3): a read-only page for the room's projector, opened from a link
// the chair or the agency created (/screen/<token>), without signing in. It shows the round and
// panel, the current applicant, the phase, a very large countdown on the server's clock, how many
// experts have submitted, and the locked item's score and provisional grade when the snapshot
// carries it (only when the round allows it).
//
// Outside the _app shell and free of antd: plain elements and CSS, legible from the back of a room
// (dark background, light text, large type), without scrollbars at 1920 × 1080 and 1280 × 720.
// Live over socket.io with `auth: { screen: <token> }`: it subscribes to its session's room, takes
// the snapshot of each acknowledgement (so a reconnect resynchronises it) and every session.updated.
// An unknown, revoked or expired link is the same plain 404.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { resolveScreenToken } from '#app/models/screen-link.server';
import { readSessionSnapshot } from '#app/models/session.server';
import { prisma } from '#app/utils/db.server';
import type { EVENTS, SessionSnapshot, SessionSubscribeAck } from '#app/realtime/events';
import { clockOffsetMs, formatCountdown, remainingMs } from '#app/utils/session-clock';

// The event names of the contract (events.ts), written out so the page does not load zod.
const SUBSCRIBE: typeof EVENTS.subscribe = 'subscribe';
const SESSION_UPDATED: typeof EVENTS.sessionUpdated = 'session.updated';
const INVALID = '链接无效或已过期';

export const meta: MetaFunction = () => [
  { title: '答辩大屏 · 评审工作台' },
  { name: 'robots', content: 'noindex, nofollow' },
];

// The token is in the URL: never send it on as a referrer, never keep the page in a cache.
export const headers: HeadersFunction = () => ({
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
});

export async function loader({ params }: LoaderFunctionArgs) {
  const screen = await resolveScreenToken(params.token);
  const snapshot = screen ? await readSessionSnapshot(screen.sessionId) : null;
  if (!screen || !snapshot) throw new Response(INVALID, { status: 404 });
  const panel = await prisma.panel.findUnique({
    where: { id: snapshot.panelId },
    select: { name: true, round: { select: { name: true } } },
  });
  return {
    token: params.token as string,
    snapshot,
    roundName: panel?.round.name ?? '',
    panelName: panel?.name ?? '',
  };
}

type Live = { snapshot: SessionSnapshot; offsetMs: number };

/** 陈述 / 问答 / 评分中 / 暂停, or where the session stands when no phase runs. */
export function phaseLabel(s: SessionSnapshot): string {
  if (s.state === 'closed') return '已结束';
  if (s.state === 'scheduled') return '未开始';
  if (s.state === 'paused') return '暂停';
  if (s.scoringOpen) return '评分中';
  if (s.phase === 'presentation') return '陈述';
  if (s.phase === 'qa') return '问答';
  return '等待中';
}

const CSS = `
html,body{overflow:hidden;background:#0b1220}
.scr{position:fixed;inset:0;display:grid;grid-template-rows:auto 1fr auto;gap:2vh;padding:3vh 4vw;
  box-sizing:border-box;background:#0b1220;color:#f8fafc;overflow:hidden;
  font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
.scr *{box-sizing:border-box}
.scr-head{display:flex;justify-content:space-between;align-items:baseline;gap:3vw;min-width:0;
  font-size:3.2vh;color:#cbd5e1;border-bottom:0.3vh solid #334155;padding-bottom:1.5vh}
.scr-head span{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0}
.scr-head .scr-panel{color:#f8fafc;font-weight:600;flex:none;max-width:45%}
.scr-main{display:flex;flex-direction:column;justify-content:center;align-items:center;min-height:0;gap:1.5vh;text-align:center}
.scr-label{font-size:3vh;color:#94a3b8;letter-spacing:0.2em}
.scr-item{font-size:6.5vh;font-weight:700;line-height:1.2;max-width:100%;overflow:hidden;
  display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;word-break:break-all}
.scr-phase{display:inline-block;font-size:5vh;font-weight:700;padding:0.6vh 2.5vw;border-radius:1vh;
  background:#1e3a8a;color:#f8fafc}
.scr-phase[data-phase="暂停"]{background:#854d0e}
.scr-phase[data-phase="评分中"]{background:#166534}
.scr-clock{font-size:min(30vh,24vw);line-height:1;font-weight:700;font-variant-numeric:tabular-nums;
  letter-spacing:0.02em;color:#f8fafc}
.scr-clock[data-overrun="true"]{color:#f87171}
.scr-clock[data-empty="true"]{color:#475569}
.scr-foot{display:flex;justify-content:space-between;align-items:center;gap:3vw;font-size:4.2vh;
  border-top:0.3vh solid #334155;padding-top:1.5vh;min-width:0}
.scr-foot b{font-size:5.5vh;color:#fde68a}
.scr-result{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.scr-offline{font-size:2.6vh;color:#fca5a5}
.scr-invalid{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;
  background:#0b1220;color:#f8fafc;font-size:6vh;font-family:sans-serif}
`;

function useLiveSession(token: string, initial: SessionSnapshot) {
  const [live, setLive] = useState<Live>(() => ({ snapshot: initial, offsetMs: 0 }));
  const [connected, setConnected] = useState(true);
  const [invalid, setInvalid] = useState(false);
  const version = useRef(initial.version);

  useEffect(() => {
    // The first snapshot came with the page: its serverNow is close to the page's arrival.
    setLive({ snapshot: initial, offsetMs: clockOffsetMs(initial.serverNow, Date.now()) });
    let socket: Socket | null = null;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const take = (snapshot: SessionSnapshot, receivedAt: number, rtt = 0) => {
      if (snapshot.version < version.current) return;
      version.current = snapshot.version;
      setLive({ snapshot, offsetMs: clockOffsetMs(snapshot.serverNow, receivedAt, rtt) });
    };
    void import('socket.io-client').then(({ io }) => {
      if (stopped) return;
      socket = io({ auth: { screen: token }, transports: ['websocket', 'polling'] });
      const subscribe = () => {
        const sentAt = Date.now();
        socket
          ?.timeout(10_000)
          .emit(
            SUBSCRIBE,
            { room: `session:${initial.id}` },
            (err: Error | null, ack: SessionSubscribeAck) => {
              if (err) {
                retry = setTimeout(subscribe, 2_000);
                return;
              }
              if (!ack.ok) {
                if (ack.error === INVALID) setInvalid(true);
                return;
              }
              const now = Date.now();
              // A fresh subscribe is the resynchronisation: its snapshot replaces what we had.
              version.current = 0;
              take(ack.session, now, now - sentAt);
            },
          );
      };
      socket.on('connect', () => {
        setConnected(true);
        subscribe();
      });
      socket.on(SESSION_UPDATED, (snapshot: SessionSnapshot) => take(snapshot, Date.now()));
      socket.on('disconnect', (reason) => {
        setConnected(false);
        // The server ended it (revoked link, expired): try once more; the handshake says why.
        if (reason === 'io server disconnect') retry = setTimeout(() => socket?.connect(), 1_000);
      });
      socket.on('connect_error', (error) => {
        setConnected(false);
        if (error.message === INVALID) {
          setInvalid(true);
          socket?.close();
        }
      });
    });
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [token, initial]);

  return { ...live, connected, invalid };
}

/** The client's clock, ticking; null on the server and in the first render (hydration matches). */
function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export default function ScreenPage() {
  const data = useLoaderData<typeof loader>();
  const { snapshot: s, offsetMs, connected, invalid } = useLiveSession(data.token, data.snapshot);
  const now = useNow(200);
  if (invalid) return <Invalid />;
  const left = now === null ? null : remainingMs(s, now, offsetMs);
  const sub = s.currentItemId ? s.submissions[s.currentItemId] : undefined;
  const phase = phaseLabel(s);
  const locked = s.lockedResult;
  const lockedName = locked ? (s.items.find((i) => i.id === locked.itemId)?.name ?? '') : '';
  return (
    <div className="scr" data-testid="screen" data-version={s.version}>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <header className="scr-head">
        <span>{data.roundName}</span>
        <span className="scr-panel">
          {data.panelName}
          {s.name ? ` · ${s.name}` : ''}
        </span>
      </header>
      <main className="scr-main">
        <div className="scr-label">当前答辩平台</div>
        <div className="scr-item" data-testid="screen-item">
          {s.currentItemName ?? '—'}
        </div>
        <div className="scr-phase" data-phase={phase} data-testid="screen-phase">
          {phase}
        </div>
        <div
          className="scr-clock"
          data-testid="screen-clock"
          data-overrun={left !== null && left < 0 ? 'true' : 'false'}
          data-empty={left === null ? 'true' : 'false'}
        >
          {left === null ? '--:--' : formatCountdown(left)}
        </div>
      </main>
      <footer className="scr-foot">
        <span data-testid="screen-submitted">
          已提交评分 <b>{sub ? `${sub.submitted} / ${sub.expected}` : '—'}</b>
        </span>
        {!connected && <span className="scr-offline">连接中断，正在重连…</span>}
        {locked && (
          <span className="scr-result" data-testid="screen-result">
            {lockedName} 得分 <b>{locked.score ?? '—'}</b> {locked.provisional ? '暂定' : ''}等级{' '}
            <b>{locked.grade ?? '—'}</b>
          </span>
        )}
      </footer>
    </div>
  );
}

function Invalid() {
  return (
    <div className="scr-invalid" data-testid="screen-invalid">
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      {INVALID}
    </div>
  );
}

/** Unknown, revoked or expired: the same plain page, nothing about why. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <Invalid />;
  return (
    <div className="scr-invalid">
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      大屏暂时无法显示，请稍后刷新
    </div>
  );
}
