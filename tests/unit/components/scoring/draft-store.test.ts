import { describe, expect, it } from 'vitest';
import {
  clearPending,
  forgetSubmitKey,
  readPending,
  sameContent,
  submitKey,
  writePending,
  type PendingDraft,
} from '#app/components/scoring/draft-store';
import { MemoryStorage } from './storage';

const draft = (over: Partial<PendingDraft> = {}): PendingDraft => ({
  scores: { a: 1 },
  comment: '好',
  vetoProposals: [],
  version: 3,
  changedAt: 100,
  ...over,
});

describe('pending drafts', () => {
  it('round-trips per sheet and ignores what is not a draft', () => {
    const s = new MemoryStorage();
    writePending(s, 'one', draft());
    expect(readPending(s, 'one')).toEqual(draft());
    expect(readPending(s, 'two')).toBeNull();
    s.items.set('pingshen:sheet:two:draft', '{"scores":"x"}');
    expect(readPending(s, 'two')).toBeNull();
    s.items.set('pingshen:sheet:two:draft', 'not json');
    expect(readPending(s, 'two')).toBeNull();
  });

  it('clears only the draft that was saved, not a newer one typed meanwhile', () => {
    const s = new MemoryStorage();
    writePending(s, 'one', draft({ changedAt: 200 }));
    clearPending(s, 'one', 100);
    expect(readPending(s, 'one')?.changedAt).toBe(200);
    clearPending(s, 'one', 200);
    expect(readPending(s, 'one')).toBeNull();
  });

  it('survives a storage that throws', () => {
    const s = new MemoryStorage();
    s.failing = true;
    expect(() => writePending(s, 'one', draft())).not.toThrow();
    expect(readPending(s, 'one')).toBeNull();
    expect(() => clearPending(s, 'one')).not.toThrow();
  });

  it('compares content regardless of key and proposal order', () => {
    const a = {
      scores: { a: 1, b: 2 },
      comment: '',
      vetoProposals: [
        { vetoId: 'x', reason: 'r' },
        { vetoId: 'y', reason: 's' },
      ],
    };
    const b = {
      scores: { b: 2, a: 1 },
      comment: '',
      vetoProposals: [
        { vetoId: 'y', reason: 's' },
        { vetoId: 'x', reason: 'r' },
      ],
    };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, scores: { a: 1, b: 3 } })).toBe(false);
    expect(sameContent(a, { ...b, comment: '改' })).toBe(false);
    expect(sameContent(a, { ...b, vetoProposals: [{ vetoId: 'x', reason: 'r' }] })).toBe(false);
  });
});

describe('submit idempotency key', () => {
  it('is created once per attempt and reused until acknowledged', () => {
    const s = new MemoryStorage();
    let n = 0;
    const create = () => `key-${++n}`;
    expect(submitKey(s, 'one', create)).toBe('key-1');
    // A retry after a timeout, or after a reload: the same key.
    expect(submitKey(s, 'one', create)).toBe('key-1');
    expect(submitKey(s, 'two', create)).toBe('key-2');
    forgetSubmitKey(s, 'one');
    expect(submitKey(s, 'one', create)).toBe('key-3');
  });

  it('makes random keys by default', () => {
    const s = new MemoryStorage();
    const k = submitKey(s, 'one');
    forgetSubmitKey(s, 'one');
    expect(k).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(submitKey(s, 'one')).not.toBe(k);
  });
});
