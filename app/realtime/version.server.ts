// The round's live version (Round.liveVersion) for a loader: read BEFORE the page's data, and given
// to useLive as `since`, so a change that commits between the loader and the subscription makes the
// first snapshot newer than the page and the page revalidates.
import { prisma } from '#app/utils/db.server';
import type { Room } from './events';
import { MAX_ROOMS_PER_SOCKET } from './subscribe.server';

export async function roundLiveVersion(roundId: string): Promise<number | null> {
  const round = await prisma.round.findUnique({ where: { id: roundId }, select: { liveVersion: true } });
  return round?.liveVersion ?? null;
}

/** Every round's live version, read before a page's data (rounds are few). */
export async function allLiveVersions(): Promise<Record<string, number>> {
  const rows = await prisma.round.findMany({ select: { id: true, liveVersion: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.liveVersion]));
}

/**
 * What the home page follows: the rounds it shows with progress (agency, department), each with
 * the version read before the page's data; experts and chairs follow their own sheets (sheet.updated).
 */
export function homeLive(
  home: {
    rounds?: { id: string }[];
    awaitingDecision?: { id: string }[];
    inProgress?: { id: string }[];
    assignments?: unknown[];
  },
  versions: Record<string, number>,
): { rooms: Room[]; since: Partial<Record<Room, number>>; sheets: boolean } {
  const ids = [
    ...new Set(
      [...(home.rounds ?? []), ...(home.awaitingDecision ?? []), ...(home.inProgress ?? [])].map((r) => r.id),
    ),
  ].slice(0, MAX_ROOMS_PER_SOCKET);
  const rooms = ids.map((id) => `round:${id}` as const);
  const since: Partial<Record<Room, number>> = {};
  for (const id of ids) if (versions[id] !== undefined) since[`round:${id}`] = versions[id];
  return { rooms, since, sheets: home.assignments !== undefined };
}
