// Pure helpers of the session pages (no React, no antd), tested in tests/unit/components/session-pages.test.ts.
import type { SessionSnapshot } from '#app/realtime/events';

/** 'YYYY-MM-DDTHH:mm' in Beijing time (China has no daylight saving: UTC+8 all year). */
export function toBeijingInput(iso: string | Date | null): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}

/** The ISO instant of a 'YYYY-MM-DDTHH:mm' typed in Beijing time, or null when empty or invalid. */
export function fromBeijingInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h - 8, mi);
  // Reject dates that roll over (2026-02-30, 25:00): the instant must read back as typed.
  return toBeijingInput(new Date(ms)) === value ? new Date(ms).toISOString() : null;
}

/** 叫号's default: the first pending item after the current one in the order, else the first pending. */
export function nextPendingItem(
  snapshot: Pick<SessionSnapshot, 'items' | 'order' | 'currentItemId'>,
): string | null {
  const status = new Map(snapshot.items.map((i) => [i.id, i.status]));
  const at = snapshot.currentItemId ? snapshot.order.indexOf(snapshot.currentItemId) : -1;
  const after = snapshot.order.slice(at + 1).find((id) => status.get(id) === 'pending');
  return after ?? snapshot.order.find((id) => status.get(id) === 'pending') ?? null;
}

/** Moves the entry at `from` to `to` (drag and drop, 上移/下移); out of range: unchanged. */
export function moveEntry<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x);
  return next;
}
