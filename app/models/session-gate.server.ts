// The scoring gate of a defence session (issue 10 §2): while a session of the sheet's panel whose
// order holds the sheet's item is live or paused, the expert must be checked in (签到) to save a
// draft, submit or step aside, and may submit only while the chair has opened scoring for that item
// as the current one. Outside a live session nothing changes (scoring as in issue 9). A 复议 request
// (request-rescore) reopens the sheet and opens scoring for the item, so the expert can resubmit.
import { prisma, type Tx } from '#app/utils/db.server';
import { fail, type Failure } from '#app/utils/outcome';

export type GatedWrite = 'draft' | 'submit' | 'recuse';

export const NOT_CHECKED_IN = '请先在答辩会签到后再评分';
export const SCORING_NOT_OPEN = '组长尚未开放本项目评分';

function parse<T>(text: string, fallback: T): T {
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Why the session in the room refuses this write, or null (no live session holds the item). */
export async function sessionGate(
  sheet: { panelId: string | null; itemId: string; expertId: string },
  write: GatedWrite,
  /** The caller's transaction, so the check and the write see the same session state. */
  client: Tx | typeof prisma = prisma,
): Promise<Failure | null> {
  if (!sheet.panelId) return null;
  const sessions = await client.defenceSession.findMany({
    where: { panelId: sheet.panelId, state: { in: ['live', 'paused'] } },
    select: { order: true, checkIns: true, currentItemId: true, scoringOpen: true },
  });
  const session = sessions.find((s) => {
    const order = parse<unknown>(s.order, []);
    return Array.isArray(order) && order.includes(sheet.itemId);
  });
  if (!session) return null;
  const checkIns = parse<Record<string, unknown>>(session.checkIns, {});
  if (!checkIns || typeof checkIns !== 'object' || !checkIns[sheet.expertId])
    return fail(409, NOT_CHECKED_IN);
  if (write === 'submit' && !(session.scoringOpen && session.currentItemId === sheet.itemId))
    return fail(409, SCORING_NOT_OPEN);
  return null;
}
