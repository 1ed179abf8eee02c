// What every step of an import shares: the round as the import sees it, and chunked look-ups.
import type { PrismaClient } from '@prisma/client';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import type { Tx } from '#app/utils/db.server';

export type Client = Tx | PrismaClient;

export async function loadRound(client: Client, roundId: string) {
  const round = await client.round.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      kind: true,
      jurisdiction: true,
      year: true,
      state: true,
      windowEnd: true,
      scheme: { select: { definition: true } },
    },
  });
  if (!round) return null;
  return {
    ...round,
    schemeDefinition: round.scheme.definition,
    definition: parseSchemeDefinition(round.scheme.definition),
  };
}

export type LoadedRound = NonNullable<Awaited<ReturnType<typeof loadRound>>>;

// Databases cap the parameters of one statement (SQLite through the driver adapter, PostgreSQL's
// 65,535); a file of thousands of units is looked up in slices.
export const IN_CHUNK = 500;

export async function inChunks<T>(values: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(...(await query(values.slice(i, i + IN_CHUNK))));
  return out;
}

export { newId } from '#app/utils/new-id.server';
