// Autosave of the expert's draft (issue 9 §1): every change goes to localStorage at once and to the
// server within about 2 s (debounced, at most 2 s after the first unsaved change), one request at a
// time, each with the sheet version it was typed on. A stale version (409: another tab or device
// saved first) stops autosaving until the expert chooses; a dropped network keeps the draft queued
// and resends on `retry()` (the page calls it on `online`, on reconnect and after a reload).
import {
  clearPending,
  readPending,
  sameContent,
  writePending,
  type DraftContent,
  type KeyValueStorage,
  type PendingDraft,
} from './draft-store';

export type SaveBody = DraftContent & { version: number };

/** The server's answer to PUT /api/v1/sheets/:id, as the page's `send` reports it. */
export type SaveAnswer<S> =
  | { kind: 'saved'; version: number; savedAt: string | null; sheet: S }
  | { kind: 'conflict'; sheet: S | null; version: number | null }
  | { kind: 'refused'; status: number; error: string; fieldErrors?: Record<string, string> }
  | { kind: 'offline' };

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'conflict' | 'refused';

export type AutosaveState<S> = {
  status: AutosaveStatus;
  version: number;
  savedAt: string | null; // the server's draftSavedAt of the last save
  conflict: { sheet: S | null; version: number | null } | null;
  error: string | null;
  fieldErrors: Record<string, string>;
};

export type AutosaveOptions<S> = {
  sheetId: string;
  version: number;
  savedAt: string | null;
  storage: KeyValueStorage | null;
  send: (body: SaveBody, options: { keepalive: boolean }) => Promise<SaveAnswer<S>>;
  onState: (state: AutosaveState<S>) => void;
  /** What of the content goes to the server (the page leaves out scores it already knows are invalid). */
  sendable?: (content: DraftContent) => DraftContent;
  /**
   * The content of the server's sheet a 409 carries. When it equals what was sent (two tabs sent
   * the same draft: a tab that restored another tab's queued draft from localStorage, or a save
   * sent again on leaving), the draft is saved and there is nothing for the expert to choose.
   */
  contentOf?: (sheet: S) => DraftContent;
  /** This tab (draft-store tabId()): a draft another tab queued recently is left to that tab. */
  tab?: string;
  debounceMs?: number;
  maxWaitMs?: number;
  now?: () => number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
};

/** How long a draft queued by another tab is left to that tab. */
const FOREIGN_DRAFT_MS = 30_000;

export class Autosaver<S> {
  private state: AutosaveState<S>;
  private pending: PendingDraft | null = null; // newest unsaved content
  private firstUnsavedAt: number | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private clock = 0;

  constructor(private readonly o: AutosaveOptions<S>) {
    this.state = {
      status: 'idle',
      version: o.version,
      savedAt: o.savedAt,
      conflict: null,
      error: null,
      fieldErrors: {},
    };
  }

  get version(): number {
    return this.state.version;
  }

  get snapshot(): AutosaveState<S> {
    return this.state;
  }

  get hasUnsaved(): boolean {
    return this.pending !== null;
  }

  private set(patch: Partial<AutosaveState<S>>): void {
    this.state = { ...this.state, ...patch };
    this.o.onState(this.state);
  }

  private now(): number {
    // Strictly increasing, so two edits in the same millisecond are still told apart.
    const t = (this.o.now ?? Date.now)();
    this.clock = Math.max(this.clock + 1, t);
    return this.clock;
  }

  private schedule(ms?: number): void {
    const timers = this.o.timers ?? {
      set: (fn: () => void, d: number) => setTimeout(fn, d),
      clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    if (this.timer !== null) timers.clear(this.timer);
    const debounce = this.o.debounceMs ?? 1200;
    const maxWait = this.o.maxWaitMs ?? 2000;
    const since = this.firstUnsavedAt === null ? 0 : (this.o.now ?? Date.now)() - this.firstUnsavedAt;
    const delay = ms ?? Math.max(0, Math.min(debounce, maxWait - since));
    this.timer = timers.set(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  /**
   * The page loaded: reconcile a draft left in localStorage (by a reload, a closed tab, a lost
   * network) with the sheet the server sent. Returns the content the form should show.
   */
  restore(server: DraftContent, editable: boolean, serverSheet: S | null = null): DraftContent {
    const stored = readPending(this.o.storage, this.o.sheetId);
    if (!stored) return server;
    // Queued by another tab that is most likely still open and will send it itself: taking it over
    // would race that tab and hide the conflict between the two (a closed tab's draft is older).
    if (
      stored.tab &&
      this.o.tab &&
      stored.tab !== this.o.tab &&
      this.now() - stored.changedAt < FOREIGN_DRAFT_MS
    )
      return server;
    if (!editable || sameContent(stored, server)) {
      clearPending(this.o.storage, this.o.sheetId);
      return server;
    }
    this.pending = stored;
    this.firstUnsavedAt = stored.changedAt;
    if (stored.version === this.state.version) {
      this.set({ status: 'pending' });
      this.schedule(0);
    } else {
      // Typed on an older version the server has since moved past: the expert chooses.
      this.set({ status: 'conflict', conflict: { sheet: serverSheet, version: this.state.version } });
    }
    return stored;
  }

  /** The expert changed something. */
  edit(content: DraftContent): void {
    if (this.stopped) return;
    const changedAt = this.now();
    this.pending = {
      ...content,
      version: this.state.version,
      changedAt,
      ...(this.o.tab ? { tab: this.o.tab } : {}),
    };
    writePending(this.o.storage, this.o.sheetId, this.pending);
    if (this.state.status === 'conflict') return; // kept locally; nothing is sent until resolved
    this.firstUnsavedAt ??= changedAt;
    if (this.state.status !== 'saving' && this.state.status !== 'offline') this.set({ status: 'pending' });
    this.schedule();
  }

  /** Sends the newest unsaved content now (one request at a time). */
  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const draft = this.pending;
    if (!draft || this.stopped || this.state.status === 'conflict') return Promise.resolve();
    const run = async () => {
      this.set({ status: 'saving' });
      const content = this.o.sendable ? this.o.sendable(draft) : draft;
      const body: SaveBody = {
        version: this.state.version,
        scores: content.scores,
        comment: content.comment,
        vetoProposals: content.vetoProposals,
      };
      const answer = await this.o
        .send(body, { keepalive: options.keepalive ?? false })
        .catch((): SaveAnswer<S> => ({ kind: 'offline' }));
      this.apply(answer, draft, body);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private apply(answer: SaveAnswer<S>, sent: PendingDraft, body: SaveBody): void {
    if (
      answer.kind === 'conflict' &&
      answer.sheet !== null &&
      answer.version !== null &&
      this.o.contentOf &&
      sameContent(this.o.contentOf(answer.sheet), body)
    ) {
      answer = { kind: 'saved', version: answer.version, savedAt: this.state.savedAt, sheet: answer.sheet };
    }
    switch (answer.kind) {
      case 'saved': {
        const newer = this.pending !== null && this.pending.changedAt !== sent.changedAt;
        if (newer && this.pending) {
          // Typed while the save was on its way: queue it on the new version.
          this.pending = { ...this.pending, version: answer.version };
          writePending(this.o.storage, this.o.sheetId, this.pending);
        } else {
          this.pending = null;
          this.firstUnsavedAt = null;
          clearPending(this.o.storage, this.o.sheetId, sent.changedAt);
        }
        this.set({
          status: newer ? 'pending' : 'saved',
          version: answer.version,
          savedAt: answer.savedAt,
          error: null,
          fieldErrors: {},
        });
        if (newer) this.schedule(0);
        return;
      }
      case 'conflict':
        this.set({ status: 'conflict', conflict: { sheet: answer.sheet, version: answer.version } });
        return;
      case 'refused':
        this.set({ status: 'refused', error: answer.error, fieldErrors: answer.fieldErrors ?? {} });
        return;
      case 'offline':
        this.set({ status: 'offline' });
        return;
    }
  }

  /** Network is back (online event, socket reconnect): resend what is queued. */
  retry(): void {
    if (this.pending && !this.stopped && this.state.status !== 'conflict') void this.flush();
  }

  /** The page is being left or hidden: send what is queued with fetch keepalive. */
  flushOnLeave(): void {
    if (this.pending && !this.inFlight) void this.flush({ keepalive: true });
  }

  /**
   * Resolves a 409. 'theirs': the server's sheet replaces what was typed (the queued draft is
   * dropped). 'mine': what was typed is saved over the server's version, which the expert has seen.
   */
  resolveConflict(choice: 'theirs' | 'mine', serverVersion: number): void {
    if (choice === 'theirs') {
      this.pending = null;
      this.firstUnsavedAt = null;
      clearPending(this.o.storage, this.o.sheetId);
      this.set({ status: 'idle', version: serverVersion, conflict: null, error: null });
      return;
    }
    if (this.pending) {
      this.pending = { ...this.pending, version: serverVersion };
      writePending(this.o.storage, this.o.sheetId, this.pending);
    }
    this.set({ status: this.pending ? 'pending' : 'idle', version: serverVersion, conflict: null });
    if (this.pending) this.schedule(0);
  }

  /** The server's sheet changed under the page (reopened, saved in another tab) with nothing queued here. */
  adopt(version: number, savedAt: string | null): void {
    if (!this.pending && !this.inFlight) this.set({ version, savedAt });
  }

  /** Waits for the request on its way, if any (before a submit). */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** The content queued and not yet saved (what a submit must carry). */
  get unsaved(): PendingDraft | null {
    return this.pending;
  }

  /** Submitted: nothing more is saved; the stored draft is dropped. */
  stop(): void {
    this.stopped = true;
    this.pending = null;
    clearPending(this.o.storage, this.o.sheetId);
    if (this.timer !== null) (this.o.timers?.clear ?? clearTimeout)(this.timer as never);
    this.timer = null;
  }

  /** Editable again (the chair reopened the sheet). */
  restart(version: number): void {
    this.stopped = false;
    this.set({ status: 'idle', version, conflict: null, error: null, fieldErrors: {} });
  }
}
