import { chooseChair } from './choose-chair';
import type { ChairRule, DrawResult, PanelDraw, PoolExpert } from './types';

/**
 * Replace a drawn member by the next backup (候补递补), keeping the seat's position and recording
 * the reason. When the replaced member was the chair, a new chair is chosen from the updated panel
 * by `change.chair` (default: first in draw order).
 */
export function replacePanelMember(
  pool: readonly PoolExpert[],
  draw: PanelDraw,
  change: { expertId: string; reason: string; chair?: ChairRule },
): DrawResult {
  const reason = change.reason.trim();
  if (reason === '') {
    return {
      ok: false,
      problems: [
        {
          code: 'reason_missing',
          message: '替换专家必须填写原因',
          expertId: change.expertId,
        },
      ],
    };
  }
  const seat = draw.members.indexOf(change.expertId);
  if (seat < 0) {
    return {
      ok: false,
      problems: [
        {
          code: 'not_member',
          message: `专家（${change.expertId}）不是本组在任成员，无法替换`,
          expertId: change.expertId,
        },
      ],
    };
  }
  const [incoming, ...remainingBackups] = draw.backups;
  if (incoming === undefined) {
    return {
      ok: false,
      problems: [
        {
          code: 'no_backup',
          message: '候补专家已用完，无法替换；请增加候补或重新抽取',
          expertId: change.expertId,
        },
      ],
    };
  }

  const members = draw.members.map((id, i) => (i === seat ? incoming : id));
  let chairId = draw.chairId;
  if (chairId === change.expertId) {
    const byId = new Map(pool.map((e) => [e.id, e]));
    const chair = chooseChair(
      members.map((id) => byId.get(id) ?? { id, fields: [] }),
      change.chair ?? { kind: 'first_drawn' },
    );
    if (!chair.ok) return chair;
    chairId = chair.value;
  }

  return {
    ok: true,
    value: {
      ...draw,
      members,
      backups: remainingBackups,
      chairId,
      replacements: [...draw.replacements, { out: change.expertId, in: incoming, reason }],
    },
  };
}
