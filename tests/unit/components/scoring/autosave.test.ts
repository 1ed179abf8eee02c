// The autosave queue: debounced sends, one at a time with the current version; nothing typed is
// lost to a dropped network, a reload or a save in flight; a 409 stops autosaving until the expert
// chooses. `send` stands in for the network (the page's is sheet-api.ts's fetch).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveAnswer, type SaveBody } from '#app/components/scoring/autosave';
import { readPending, writePending, type DraftContent } from '#app/components/scoring/draft-store';
import { MemoryStorage } from './storage';

type Sheet = { version: number };
const content = (a: number, comment = ''): DraftContent => ({ scores: { a }, comment, vetoProposals: [] });

function setup(version = 1, tab?: string) {
  const storage = new MemoryStorage();
  const sent: SaveBody[] = [];
  const answers: (() => Promise<SaveAnswer<Sheet>>)[] = [];
  let serverVersion = version;
  const saved = (): Promise<SaveAnswer<Sheet>> => {
    serverVersion += 1;
    return Promise.resolve({
      kind: 'saved',
      version: serverVersion,
      savedAt: '2026-12-03T06:00:00.000Z',
      sheet: { version: serverVersion },
    });
  };
  const states: string[] = [];
  const saver = new Autosaver<Sheet>({
    sheetId: 's1',
    version,
    savedAt: null,
    storage,
    send: (body) => {
      sent.push(body);
      return (answers.shift() ?? saved)();
    },
    onState: (s) => states.push(s.status),
    debounceMs: 1000,
    maxWaitMs: 2000,
    tab,
  });
  return { storage, sent, answers, saver, states, saved };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Autosaver', () => {
  it('debounces: one PUT about a second after the last change, then 已保存', async () => {
    const { sent, saver, storage } = setup();
    saver.edit(content(1));
    await vi.advanceTimersByTimeAsync(500);
    saver.edit(content(2));
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(0);
    expect(readPending(storage, 's1')?.scores.a).toBe(2); // in localStorage at once
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([{ version: 1, scores: { a: 2 }, comment: '', vetoProposals: [] }]);
    expect(saver.snapshot.status).toBe('saved');
    expect(saver.snapshot.savedAt).toBe('2026-12-03T06:00:00.000Z');
    expect(saver.version).toBe(2);
    expect(readPending(storage, 's1')).toBeNull();
  });

  it('sends within 2 s even while the expert keeps typing', async () => {
    const { sent, saver } = setup();
    for (let i = 0; i < 8; i++) {
      saver.edit(content(i));
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(sent.length).toBeGreaterThanOrEqual(1);
  });

  it('queues a change typed while a save is on its way and sends it with the new version', async () => {
    const { sent, saver, answers, saved, storage } = setup();
    let release!: () => void;
    answers.push(() => new Promise((resolve) => (release = () => resolve(saved()))));
    saver.edit(content(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    saver.edit(content(2));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1); // one request at a time
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ version: 2, scores: { a: 2 } });
    expect(saver.snapshot.status).toBe('saved');
    expect(readPending(storage, 's1')).toBeNull();
  });

  it('keeps the draft through a dropped network and resends it on retry', async () => {
    const { sent, saver, answers, storage } = setup();
    answers.push(() => Promise.reject(new TypeError('Failed to fetch')));
    saver.edit(content(5));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.snapshot.status).toBe('offline');
    expect(readPending(storage, 's1')?.scores.a).toBe(5);
    saver.retry();
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ version: 1, scores: { a: 5 } });
    expect(saver.snapshot.status).toBe('saved');
    expect(readPending(storage, 's1')).toBeNull();
  });

  it('stops on a 409 and never overwrites unless the expert chooses', async () => {
    const { sent, saver, answers, storage } = setup();
    answers.push(() => Promise.resolve({ kind: 'conflict', sheet: { version: 7 }, version: 7 }));
    saver.edit(content(3));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.snapshot.status).toBe('conflict');
    expect(saver.snapshot.conflict?.version).toBe(7);
    saver.edit(content(4));
    saver.retry();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(1); // nothing more sent while in conflict
    expect(readPending(storage, 's1')?.scores.a).toBe(4); // but kept
    saver.resolveConflict('mine', 7);
    await vi.advanceTimersByTimeAsync(10);
    expect(sent[1]).toMatchObject({ version: 7, scores: { a: 4 } });
  });

  it("drops the local draft when the expert loads the server's version", async () => {
    const { saver, answers, storage, sent } = setup();
    answers.push(() => Promise.resolve({ kind: 'conflict', sheet: { version: 4 }, version: 4 }));
    saver.edit(content(3));
    await vi.advanceTimersByTimeAsync(1000);
    saver.resolveConflict('theirs', 4);
    expect(readPending(storage, 's1')).toBeNull();
    expect(saver.version).toBe(4);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(1);
  });

  it('after a reload: resends a draft typed on the current version, shows a conflict for an older one', async () => {
    const a = setup(3);
    writePending(a.storage, 's1', { ...content(9), version: 3, changedAt: 1 });
    expect(a.saver.restore(content(1), true)).toMatchObject({ scores: { a: 9 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(a.sent).toEqual([{ version: 3, scores: { a: 9 }, comment: '', vetoProposals: [] }]);

    const b = setup(5);
    writePending(b.storage, 's1', { ...content(9), version: 3, changedAt: 1 });
    b.saver.restore(content(1), true, { version: 5 });
    expect(b.saver.snapshot.status).toBe('conflict');
    await vi.advanceTimersByTimeAsync(5000);
    expect(b.sent).toHaveLength(0);

    // Already on the server (a keepalive save on leaving went through): nothing to do.
    const c = setup(4);
    writePending(c.storage, 's1', { ...content(9), version: 3, changedAt: 1 });
    expect(c.saver.restore(content(9), true)).toMatchObject({ scores: { a: 9 } });
    expect(readPending(c.storage, 's1')).toBeNull();
    expect(c.saver.snapshot.status).toBe('idle');
  });

  it('leaves a draft another open tab queued moments ago to that tab; takes over an old one', async () => {
    const now = Date.now();
    const a = setup(3, 'tab-a');
    writePending(a.storage, 's1', { ...content(9), version: 3, changedAt: now - 1000, tab: 'tab-b' });
    expect(a.saver.restore(content(1), true)).toMatchObject({ scores: { a: 1 } });
    await vi.advanceTimersByTimeAsync(3000);
    expect(a.sent).toHaveLength(0);
    expect(readPending(a.storage, 's1')?.tab).toBe('tab-b'); // still queued for its own tab

    const b = setup(3, 'tab-a');
    writePending(b.storage, 's1', { ...content(9), version: 3, changedAt: now - 60_000, tab: 'tab-b' });
    expect(b.saver.restore(content(1), true)).toMatchObject({ scores: { a: 9 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(b.sent).toHaveLength(1);

    // This tab's own draft (a reload) is always taken back, and what it types is marked as its own.
    const c = setup(3, 'tab-a');
    writePending(c.storage, 's1', { ...content(9), version: 3, changedAt: now, tab: 'tab-a' });
    expect(c.saver.restore(content(1), true)).toMatchObject({ scores: { a: 9 } });
    c.saver.edit(content(7));
    expect(readPending(c.storage, 's1')?.tab).toBe('tab-a');
  });

  it('sends what is queued with keepalive when the page is left, and nothing after submit', async () => {
    const storage = new MemoryStorage();
    const calls: boolean[] = [];
    const saver = new Autosaver<Sheet>({
      sheetId: 's1',
      version: 1,
      savedAt: null,
      storage,
      send: (_body, o) => {
        calls.push(o.keepalive);
        return Promise.resolve({ kind: 'saved', version: 2, savedAt: null, sheet: { version: 2 } });
      },
      onState: () => undefined,
    });
    saver.edit(content(1));
    saver.flushOnLeave();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([true]);
    saver.stop();
    saver.edit(content(2));
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([true]);
    expect(readPending(storage, 's1')).toBeNull();
  });

  it('takes a 409 whose server content is what was sent as saved (another tab sent the same draft)', async () => {
    const storage = new MemoryStorage();
    const sent: SaveBody[] = [];
    const saver = new Autosaver<{ version: number; scores: Record<string, number> }>({
      sheetId: 's1',
      version: 3,
      savedAt: null,
      storage,
      send: (body) => {
        sent.push(body);
        return Promise.resolve({ kind: 'conflict', sheet: { version: 4, scores: { a: 6 } }, version: 4 });
      },
      contentOf: (sheet) => ({ scores: sheet.scores, comment: '', vetoProposals: [] }),
      onState: () => undefined,
    });
    saver.edit(content(6));
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.snapshot.status).toBe('saved');
    expect(saver.version).toBe(4);
    expect(readPending(storage, 's1')).toBeNull();
    // A different content on the server stays a conflict.
    saver.edit(content(7));
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.snapshot.status).toBe('conflict');
    expect(sent).toHaveLength(2);
  });
});
