// The large countdown of a defence session phase (陈述 / 问答): the server's clock is the truth, so the
// remaining time comes from the snapshot (phaseEndsAt while running, phaseRemainingMs while paused)
// corrected by the client's offset (session-clock.ts); it ticks every 250 ms and turns red once the
// phase overruns. The first render (server and hydration) shows the paused value or --:--, so the
// HTML agrees; the browser takes over on mount.
import { useEffect, useState } from 'react';
import type { SessionSnapshot } from '#app/realtime/events';
import { formatCountdown, remainingMs } from '#app/utils/session-clock';

export const TICK_MS = 250;

/** The client's now, refreshed every 250 ms; null on the server and before mount. */
export function useTicker(active = true): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Milliseconds left in the running phase (negative: overrun), or null when nothing is timed. */
export function useRemaining(
  snapshot: Pick<SessionSnapshot, 'phaseEndsAt' | 'phaseRemainingMs'>,
  offsetMs: number,
): number | null {
  const timed = snapshot.phaseEndsAt !== null || snapshot.phaseRemainingMs !== null;
  const now = useTicker(timed);
  if (!timed) return null;
  if (now === null) return snapshot.phaseRemainingMs;
  return remainingMs(snapshot, now, offsetMs);
}

const CSS = `
.ss-countdown{font-variant-numeric:tabular-nums;font-weight:700;line-height:1;letter-spacing:.02em;color:#1f2937}
.ss-countdown[data-overrun="true"]{color:#dc2626}
.ss-countdown[data-paused="true"]{opacity:.7}
`;

export function Countdown({
  snapshot,
  offsetMs,
  fontSize = 96,
  testId = 'countdown',
}: {
  snapshot: Pick<SessionSnapshot, 'phaseEndsAt' | 'phaseRemainingMs'>;
  offsetMs: number;
  fontSize?: number;
  testId?: string;
}) {
  const ms = useRemaining(snapshot, offsetMs);
  const overrun = ms !== null && ms < 0;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <span
        className="ss-countdown"
        style={{ fontSize }}
        data-testid={testId}
        data-overrun={overrun ? 'true' : 'false'}
        data-paused={snapshot.phaseRemainingMs !== null ? 'true' : 'false'}
        role="timer"
        aria-live="off"
      >
        {ms === null ? '--:--' : formatCountdown(ms)}
      </span>
      {overrun ? (
        <span style={{ color: '#dc2626', fontWeight: 600, marginLeft: 12 }} data-testid={`${testId}-overrun`}>
          已超时
        </span>
      ) : null}
    </>
  );
}
