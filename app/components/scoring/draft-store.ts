// What the scoring page keeps in the browser so nothing typed is lost: the draft not yet saved by
// the server (per sheet), and the Idempotency-Key of a submit that has not been answered yet (so a
// retry after a timeout or a reload reuses it and the server applies the submission once).
// `storage` is window.localStorage in the page; every access tolerates a storage that throws
// (private mode, quota) — then the page still works, only without the local copy.

export type VetoProposal = { vetoId: string; reason: string };

export type DraftContent = {
  scores: Record<string, number>;
  comment: string;
  vetoProposals: VetoProposal[];
};

/**
 * A draft waiting for the server: its content, the sheet version it was typed on, when, and which
 * browser tab typed it (tabId(): kept over reloads of that tab).
 */
export type PendingDraft = DraftContent & { version: number; changedAt: number; tab?: string };

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const draftKey = (sheetId: string) => `pingshen:sheet:${sheetId}:draft`;
const submitKeyName = (sheetId: string) => `pingshen:sheet:${sheetId}:submit-key`;

function safe<T>(fallback: T, run: () => T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored draft, or null when there is none or it is not one (another version of the app). */
export function readPending(storage: KeyValueStorage | null, sheetId: string): PendingDraft | null {
  if (!storage) return null;
  return safe(null, () => {
    const raw = storage.getItem(draftKey(sheetId));
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v) || !isRecord(v.scores) || !Array.isArray(v.vetoProposals)) return null;
    if (typeof v.version !== 'number' || typeof v.changedAt !== 'number') return null;
    const scores: Record<string, number> = {};
    for (const [k, s] of Object.entries(v.scores)) if (typeof s === 'number') scores[k] = s;
    const vetoProposals = v.vetoProposals.filter(
      (p): p is VetoProposal => isRecord(p) && typeof p.vetoId === 'string' && typeof p.reason === 'string',
    );
    return {
      scores,
      comment: typeof v.comment === 'string' ? v.comment : '',
      vetoProposals,
      version: v.version,
      changedAt: v.changedAt,
      ...(typeof v.tab === 'string' ? { tab: v.tab } : {}),
    };
  });
}

export function writePending(storage: KeyValueStorage | null, sheetId: string, draft: PendingDraft): void {
  safe(undefined, () => storage?.setItem(draftKey(sheetId), JSON.stringify(draft)));
}

/**
 * Forgets the stored draft once the server has it. With `savedChangedAt`, only when the stored
 * draft is that one: a change typed while the save was on its way stays queued.
 */
export function clearPending(
  storage: KeyValueStorage | null,
  sheetId: string,
  savedChangedAt?: number,
): void {
  if (!storage) return;
  if (savedChangedAt !== undefined) {
    const current = readPending(storage, sheetId);
    if (current && current.changedAt !== savedChangedAt) return;
  }
  safe(undefined, () => storage.removeItem(draftKey(sheetId)));
}

/** True when two drafts say the same (the server already has what is queued). */
export function sameContent(a: DraftContent, b: DraftContent): boolean {
  const ka = Object.keys(a.scores).sort();
  const kb = Object.keys(b.scores).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i] || a.scores[k] !== b.scores[k])) return false;
  if ((a.comment ?? '') !== (b.comment ?? '')) return false;
  const va = [...a.vetoProposals].sort((x, y) => x.vetoId.localeCompare(y.vetoId));
  const vb = [...b.vetoProposals].sort((x, y) => x.vetoId.localeCompare(y.vetoId));
  return (
    va.length === vb.length && va.every((p, i) => p.vetoId === vb[i]!.vetoId && p.reason === vb[i]!.reason)
  );
}

function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Old browsers without randomUUID: 128 random bits as hex.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The Idempotency-Key for submitting this sheet: the one of an attempt not yet answered, or a new
 * one, kept until `forgetSubmitKey` (the server answered). Without storage, a fresh key each time.
 */
export function submitKey(
  storage: KeyValueStorage | null,
  sheetId: string,
  create: () => string = newKey,
): string {
  const existing = storage ? safe(null, () => storage.getItem(submitKeyName(sheetId))) : null;
  if (existing) return existing;
  const key = create();
  safe(undefined, () => storage?.setItem(submitKeyName(sheetId), key));
  return key;
}

export function forgetSubmitKey(storage: KeyValueStorage | null, sheetId: string): void {
  safe(undefined, () => storage?.removeItem(submitKeyName(sheetId)));
}

/** window.localStorage when there is one that works (not on the server, not when blocked). */
/**
 * This tab's id, kept in sessionStorage (which survives a reload of the tab, not other tabs): a
 * draft another open tab queued a moment ago is that tab's to send, not this one's.
 */
export function tabId(): string {
  return safe('', () => {
    let id = window.sessionStorage.getItem('pingshen:tab');
    if (!id) {
      id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      window.sessionStorage.setItem('pingshen:tab', id);
    }
    return id;
  });
}

export function browserStorage(): KeyValueStorage | null {
  return safe(null, () => (typeof window === 'undefined' ? null : window.localStorage));
}
