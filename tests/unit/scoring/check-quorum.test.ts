import { describe, expect, it } from 'vitest';
import { checkQuorum } from '#scoring/check-quorum';

const members = ['e1', 'e2', 'e3', 'e4'];

describe('checkQuorum', () => {
  it('lists who scores and who is recused for this item only', () => {
    const result = checkQuorum({
      panelId: 'p1',
      itemId: 'i1',
      members,
      quorum: 3,
      recusals: [
        { itemId: 'i1', expertId: 'e2', reasons: ['现工作单位即申报单位'] },
        { itemId: 'i2', expertId: 'e3', reasons: ['近亲属'] },
        { itemId: 'i1', expertId: 'e9', reasons: ['不在本组'] },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        panelId: 'p1',
        itemId: 'i1',
        quorum: 3,
        scoring: ['e1', 'e3', 'e4'],
        recused: [{ expertId: 'e2', reasons: ['现工作单位即申报单位'] }],
      },
    });
  });

  it('refuses below quorum, naming the recused experts and their reasons', () => {
    const result = checkQuorum({
      panelId: 'p1',
      itemId: 'i1',
      members,
      quorum: 3,
      recusals: [
        { itemId: 'i1', expertId: 'e1', reasons: ['现工作单位即申报单位'] },
        { itemId: 'i1', expertId: 'e2', reasons: ['近亲属任职于申报单位'] },
        { itemId: 'i1', expertId: 'e2', reasons: ['本人申报'] },
      ],
      labels: { panel: '智能制造组', item: '某平台', experts: { e1: '张三' } },
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'below_quorum',
          itemId: 'i1',
          message:
            '专家组「智能制造组」评审「某平台」时有2人回避（张三：现工作单位即申报单位，e2：近亲属任职于申报单位；本人申报），仅剩2人参与评分，低于法定人数3人，不能分配',
        },
      ],
    });
  });

  it('refuses a panel that is simply too small', () => {
    const result = checkQuorum({
      panelId: 'p',
      itemId: 'i',
      members: ['a', 'b'],
      recusals: [],
      quorum: 3,
    });
    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          message: '专家组「p」评审「i」时仅剩2人参与评分，低于法定人数3人，不能分配',
        },
      ],
    });
  });

  it('treats a non-positive quorum as a programmer error', () => {
    expect(() =>
      checkQuorum({
        panelId: 'p',
        itemId: 'i',
        members,
        recusals: [],
        quorum: 0,
      }),
    ).toThrow(TypeError);
  });
});
