// The 专家库 search form sends every field, empty ones included (active="" for 全部状态); an empty
// field must not invalidate the others, or the search silently returns the whole pool.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { expertListFilter } from '#app/routes/_app.experts._index';

describe('expert list filter from the search form', () => {
  it('keeps the keyword when the other fields are empty', () => {
    const filter = expertListFilter(new URLSearchParams('q=张丽华&field=&region=&active='));
    expect(filter).toEqual({ filter: { q: '张丽华' }, invalid: false });
  });

  it('reads the status and the page', () => {
    expect(expertListFilter(new URLSearchParams('active=false&page=2&region=四川'))).toEqual({
      filter: { active: false, page: 2, region: '四川' },
      invalid: false,
    });
  });

  it('drops an invalid field and says so, keeping the valid ones', () => {
    expect(expertListFilter(new URLSearchParams('q=王&page=abc'))).toEqual({
      filter: { q: '王' },
      invalid: true,
    });
  });
});
