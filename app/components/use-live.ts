// useLive: follow rounds and panels in real time (docs/realtime.md). Events are validated with the
// zod schemas of app/realtime/events.ts; by default every change, and every resynchronisation after
// a reconnect or a version gap, revalidates the page's Remix loaders (at most once per 300 ms), so
// pages that render loader data update without a reload.
//
// SSR-safe: the socket lives only in the browser (an effect), and the first render on both sides is
// `{ connected: false, version: null, stale: false }`, so hydration matches.
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { ResultUpdated, Room, SheetUpdated } from '#app/realtime/events';
import {
  addLiveListener,
  liveStateOf,
  type LiveListener,
  type LiveState,
  type Snapshot,
} from '#app/realtime/socket.client';

export type { LiveState };

export type UseLiveOptions = {
  rooms: Room[];
  onResult?: (event: ResultUpdated) => void;
  onSheet?: (event: SheetUpdated) => void;
  /** A room's snapshot (the first one, and each one after a reconnect or a gap). */
  onSnapshot?: (snapshot: Snapshot, resync: boolean) => void;
  /** Revalidate the Remix loaders on every change (debounced ~300 ms). Default true. */
  revalidate?: boolean;
  /**
   * The round's live version the loader data was read at (one number, or one per room), if known:
   * a first snapshot that is newer (something changed between the loader and the subscription)
   * revalidates too.
   */
  since?: number | Partial<Record<Room, number>>;
};

const REVALIDATE_MS = 300;
const INITIAL: LiveState = { connected: false, version: null, stale: false };

export function useLive(options: UseLiveOptions): LiveState {
  const [state, setState] = useState<LiveState>(INITIAL);
  const revalidator = useRevalidator();
  const latest = useRef({ options, revalidator });
  latest.current = { options, revalidator };
  const key = [...new Set(options.rooms)].sort().join(',');

  // Without rooms, connect only to hear about the user's own sheets (onSheet given).
  const wanted = key !== '' || options.onSheet !== undefined;

  useEffect(() => {
    if (!wanted) return;
    const rooms = key ? (key.split(',') as Room[]) : [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const scheduleRevalidate = () => {
      if (latest.current.options.revalidate === false || timer) return;
      // The first change starts the clock; more changes within it are covered by the same reload.
      timer = setTimeout(() => {
        timer = undefined;
        if (active) latest.current.revalidator.revalidate();
      }, REVALIDATE_MS);
    };
    const listener: LiveListener & { onChange: () => void } = {
      rooms,
      onResult: (event) => {
        latest.current.options.onResult?.(event);
        scheduleRevalidate();
      },
      onSheet: (event) => {
        latest.current.options.onSheet?.(event);
        scheduleRevalidate();
      },
      onSnapshot: (snapshot, resync) => {
        latest.current.options.onSnapshot?.(snapshot, resync);
        const given = latest.current.options.since;
        const since = typeof given === 'number' ? given : given?.[snapshot.room as Room];
        if (resync || (since !== undefined && snapshot.version > since)) scheduleRevalidate();
      },
      onChange: () => {
        if (!active) return;
        const next = liveStateOf(rooms);
        setState((prev) =>
          prev.connected === next.connected && prev.version === next.version && prev.stale === next.stale
            ? prev
            : next,
        );
      },
    };
    const dispose = addLiveListener(listener);
    listener.onChange();
    return () => {
      active = false;
      if (timer) clearTimeout(timer);
      dispose();
    };
  }, [key, wanted]);

  return state;
}
