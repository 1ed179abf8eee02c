import { describe, expect, it } from 'vitest';
import { chooseChair } from '#scoring/choose-chair';
import type { PoolExpert } from '#scoring/types';

const e = (id: string, title: string | null): PoolExpert => ({
  id,
  fields: [],
  title,
});

describe('chooseChair', () => {
  it('takes the first drawn member', () => {
    expect(
      chooseChair([e('b', null), e('a', '正高级工程师')], {
        kind: 'first_drawn',
      }),
    ).toEqual({ ok: true, value: 'b' });
  });

  it('takes the most senior title, ties broken by draw order', () => {
    const members = [e('1', '工程师'), e('2', '副教授'), e('3', '研究员'), e('4', '教授级高级工程师')];
    expect(chooseChair(members, { kind: 'highest_title' })).toEqual({
      ok: true,
      value: '3',
    });
    expect(
      chooseChair([e('1', '高级工程师'), e('2', '副研究员')], {
        kind: 'highest_title',
      }),
    ).toEqual({ ok: true, value: '1' });
  });

  it.each([
    ['正高级工程师', '中级'],
    ['教授', '副教授'],
    ['副研究员', '助理研究员'],
    ['助理研究员', '助理工程师'],
    ['高级经济师', '经济师'],
    ['讲师', ''],
  ])('ranks %s above %s', (senior, junior) => {
    expect(chooseChair([e('j', junior), e('s', senior)], { kind: 'highest_title' })).toEqual({
      ok: true,
      value: 's',
    });
  });

  it('accepts a chair chosen by the agency only among the members', () => {
    expect(
      chooseChair([e('a', null), e('b', null)], {
        kind: 'chosen',
        expertId: 'b',
      }),
    ).toEqual({ ok: true, value: 'b' });
    const refused = chooseChair([e('a', null)], {
      kind: 'chosen',
      expertId: 'z',
    });
    expect(refused).toMatchObject({
      ok: false,
      problems: [{ code: 'chair_not_member' }],
    });
  });

  it('refuses an empty panel', () => {
    expect(chooseChair([], { kind: 'first_drawn' })).toMatchObject({
      ok: false,
      problems: [{ code: 'panel_empty' }],
    });
  });
});
