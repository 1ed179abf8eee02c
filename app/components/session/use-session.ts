// useSessionLive: follow one defence session (`session:<id>`) in real time. The snapshot shown is the
// newest by version among the loader's, the answers to the commands this page sent, the subscribe
// acknowledgement and every `session.updated`; each one that arrives resets the clock offset
// (serverNow minus the local time it arrived), so countdowns stay on the server's time after a
// reconnect or a server restart. Optionally revalidates the Remix loaders when the snapshot changes
// (the console's expert list and matrix come from its loader).
import { useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionSnapshot } from '#app/realtime/events';
import { addLiveListener, liveStateOf, type LiveListener } from '#app/realtime/socket.client';
import { clockOffsetMs } from '#app/utils/session-clock';
import type { LiveState } from '../use-live';

export type SessionLive<S extends SessionSnapshot | null = SessionSnapshot> = {
  snapshot: S;
  offsetMs: number;
  live: LiveState;
  /** Adopt a snapshot from a command's answer (also a 409's current snapshot). */
  adopt: (next: SessionSnapshot, roundTripMs?: number) => void;
};

const INITIAL: LiveState = { connected: false, version: null, stale: false };
const REVALIDATE_MS = 300;

type Options = { revalidate?: boolean; onChange?: (next: SessionSnapshot, prev: SessionSnapshot) => void };

export function useSessionLive(initial: SessionSnapshot, options?: Options): SessionLive;
export function useSessionLive(
  initial: SessionSnapshot | null,
  options?: Options,
): SessionLive<SessionSnapshot | null>;
/** With `initial` null (no session to follow) nothing is subscribed and the snapshot stays null. */
export function useSessionLive(
  initial: SessionSnapshot | null,
  options: Options = {},
): SessionLive<SessionSnapshot | null> {
  const [state, setState] = useState<{ snapshot: SessionSnapshot | null; offsetMs: number }>(() => ({
    snapshot: initial,
    offsetMs: 0,
  }));
  const [live, setLive] = useState<LiveState>(INITIAL);
  const revalidator = useRevalidator();
  const latest = useRef({ options, revalidator, snapshot: state.snapshot });
  latest.current = { options, revalidator, snapshot: state.snapshot };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const adopt = useCallback((next: SessionSnapshot, roundTripMs = 0) => {
    const receivedAt = Date.now();
    setState((prev) => {
      if (!prev.snapshot || next.id !== prev.snapshot.id) return prev;
      const offsetMs = clockOffsetMs(next.serverNow, receivedAt, roundTripMs);
      // An older snapshot (a late answer) still tells the time, but never the state.
      if (next.version < prev.snapshot.version) return { snapshot: prev.snapshot, offsetMs };
      // The same version read later (a loader after a submission: who has submitted moved on).
      if (
        next.version === prev.snapshot.version &&
        Date.parse(next.serverNow) <= Date.parse(prev.snapshot.serverNow)
      )
        return { snapshot: prev.snapshot, offsetMs };
      if (next.version > prev.snapshot.version) {
        const prevSnapshot = prev.snapshot;
        queueMicrotask(() => {
          latest.current.options.onChange?.(next, prevSnapshot);
          if (latest.current.options.revalidate && !timer.current) {
            timer.current = setTimeout(() => {
              timer.current = undefined;
              if (latest.current.revalidator.state === 'idle') latest.current.revalidator.revalidate();
            }, REVALIDATE_MS);
          }
        });
      }
      return { snapshot: next, offsetMs };
    });
  }, []);

  // The loader ran again (after a command, a revalidation): a newer snapshot replaces the shown one.
  useEffect(() => {
    const shown = latest.current.snapshot;
    if (!initial || !shown || initial.id !== shown.id) {
      if (initial?.id !== shown?.id) setState({ snapshot: initial, offsetMs: 0 });
      return;
    }
    if (initial.version >= shown.version) adopt(initial);
  }, [initial, adopt]);

  // Until a fresh snapshot arrives (the subscribe ack, within moments) the offset is 0: the
  // loader's serverNow is as old as the HTML, so measuring against it would be wrong by the load time.

  const sessionId = initial?.id ?? null;
  useEffect(() => {
    if (!sessionId) return;
    const room = `session:${sessionId}` as const;
    let active = true;
    const listener: LiveListener = {
      rooms: [room],
      onSession: (next) => {
        if (active) adopt(next);
      },
      onChange: () => {
        if (!active) return;
        const nextLive = liveStateOf([room]);
        setLive((prev) =>
          prev.connected === nextLive.connected &&
          prev.version === nextLive.version &&
          prev.stale === nextLive.stale
            ? prev
            : nextLive,
        );
      },
    };
    const dispose = addLiveListener(listener);
    listener.onChange?.();
    return () => {
      active = false;
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
      dispose();
    };
  }, [sessionId, adopt]);

  return { snapshot: state.snapshot, offsetMs: state.offsetMs, live, adopt };
}
