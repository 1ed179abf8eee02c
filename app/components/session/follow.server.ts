// What an expert's tablet needs to follow a live defence session (issue 10 §2: "every expert's tablet
// follows to that item by itself"): the session of a panel the expert sits on that is live or paused
// (the model's activeSessionForExpert), its snapshot, the expert's own id (check-ins are keyed by it)
// and the expert's sheet for each item of the session, so the page can move to the called item's
// sheet without another request. Null when there is no such session.
import { activeSessionForExpert, readSessionSnapshot } from '#app/models/session.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { prisma } from '#app/utils/db.server';

export type SessionFollow = {
  session: SessionSnapshot;
  expertId: string;
  /** itemId → this expert's sheet id, for the items of the session. */
  sheets: Record<string, string>;
};

/**
 * The next planned (scheduled) session of a panel this expert sits on, soonest first: followed too,
 * so a tablet opened before the chair starts the session moves by itself once an applicant is
 * called (the banner stays hidden until the session is live).
 */
async function nextPlannedSession(userId: string): Promise<string | null> {
  const session = await prisma.defenceSession.findFirst({
    where: {
      state: 'scheduled',
      panel: {
        members: {
          some: { expert: { userId }, status: 'drawn', role: { in: ['chair', 'member'] } },
        },
      },
    },
    orderBy: [{ scheduledAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    select: { id: true },
  });
  return session?.id ?? null;
}

export async function sessionFollowFor(userId: string): Promise<SessionFollow | null> {
  const active = await activeSessionForExpert(userId);
  const sessionId = active?.sessionId ?? (await nextPlannedSession(userId));
  if (!sessionId) return null;
  const [session, expert] = await Promise.all([
    readSessionSnapshot(sessionId),
    prisma.expert.findUnique({ where: { userId }, select: { id: true } }),
  ]);
  if (!session || !expert) return null;
  const rows = await prisma.scoreSheet.findMany({
    where: { expertId: expert.id, itemId: { in: session.order } },
    select: { id: true, itemId: true },
  });
  const sheets: Record<string, string> = {};
  for (const r of rows) sheets[r.itemId] = r.id;
  if (active?.currentItemId && active.currentSheetId) sheets[active.currentItemId] = active.currentSheetId;
  return { session, expertId: expert.id, sheets };
}

export type ChairSessionRow = {
  id: string;
  name: string | null;
  panelName: string;
  state: 'scheduled' | 'live' | 'paused' | 'closed';
  scheduledAt: Date | null;
  venue: string | null;
};

/** The sessions (not yet closed) of the panels this user chairs: links to 组长控制台 on the home page. */
export async function chairSessionsFor(userId: string): Promise<ChairSessionRow[]> {
  const rows = await prisma.defenceSession.findMany({
    where: {
      state: { not: 'closed' },
      panel: { members: { some: { role: 'chair', status: 'drawn', expert: { userId } } } },
    },
    select: {
      id: true,
      name: true,
      state: true,
      scheduledAt: true,
      venue: true,
      panel: { select: { name: true } },
    },
    orderBy: [{ scheduledAt: 'asc' }, { createdAt: 'asc' }],
    take: 20,
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    panelName: r.panel.name,
    state: r.state,
    scheduledAt: r.scheduledAt,
    venue: r.venue,
  }));
}
