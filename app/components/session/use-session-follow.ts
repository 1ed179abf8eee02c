// useSessionFollow: an expert's tablet follows the panel's live defence session (issue 10 §2). Used by
// the expert's home and the scoring page with the loader's `sessionFollowFor` (null: nothing to
// follow). It subscribes to `session:<id>`; when the chair calls another applicant (currentItemId
// changes) it navigates by itself to that item's sheet (`/sheets/<sheetId>`). The scoring page saves
// its draft on leaving (its autosaver flushes when the page for a sheet unmounts), so the move loses
// nothing.
import { useNavigate } from '@remix-run/react';
import { useCallback, useRef } from 'react';
import type { SessionSnapshot } from '#app/realtime/events';
import type { SessionFollow } from './follow.server';
import { useSessionLive, type SessionLive } from './use-session';

export type { SessionFollow };

async function sheetForItem(itemId: string): Promise<string | null> {
  try {
    const response = await fetch('/api/v1/me/sheets', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { sheets?: { id: string; itemId: string }[] };
    return body.sheets?.find((s) => s.itemId === itemId)?.id ?? null;
  } catch {
    return null;
  }
}

export function useSessionFollow(
  follow: SessionFollow | null,
  /** The item the page shows (the scoring page), so calling it again does not navigate. */
  here: { itemId?: string | null } = {},
): SessionLive<SessionSnapshot | null> {
  const navigate = useNavigate();
  const latest = useRef({ follow, here, navigate });
  latest.current = { follow, here, navigate };

  const onChange = useCallback((next: SessionSnapshot, prev: SessionSnapshot) => {
    const itemId = next.currentItemId;
    if (!itemId || itemId === prev.currentItemId) return;
    const { follow: f, here: h, navigate: go } = latest.current;
    if (h.itemId === itemId) return;
    const known = f?.sheets[itemId];
    if (known) {
      go(`/sheets/${known}`);
      return;
    }
    void sheetForItem(itemId).then((sheetId) => {
      // Still the called item by the time the answer came?
      if (sheetId && latest.current.here.itemId !== itemId) latest.current.navigate(`/sheets/${sheetId}`);
    });
  }, []);

  // No loader revalidation on every snapshot: the banner reads the snapshot itself, the scoring gate
  // is the server's, and a 复议 reaches the sheet through sheet.updated. (A revalidation in flight
  // when the server goes down would show the error page instead of the sheet.)
  return useSessionLive(follow?.session ?? null, { onChange });
}
