// Factories for panel and assignment tests: a real round made by the rounds model, organisations and
// items written straight to the database (the item import is tested elsewhere), and experts made by
// the expert model, so every fact passes through the same code as in production.
import { prisma } from '#app/utils/db.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { createExpert } from '#app/models/expert.server';
import type { ExpertConflictInput } from '#app/utils/expert-schema';
import { computeUsccCheckChar } from '#app/utils/uscc';

export const ACTOR = 'test-agency-user';

let serial = 0;
/** A valid, unique 统一社会信用代码 (the check character computed, never hard-coded). */
export function uscc(): string {
  serial += 1;
  const body = `91510199${String(serial).padStart(9, '0')}`; // 99: no factory uses this prefix
  return body + computeUsccCheckChar(body);
}

let roundSerial = 0;
/** A round; round names are unique, so the default one is numbered. */
export async function makeRound(name?: string, year = 2026) {
  roundSerial += 1;
  name ??= `2026年度四川省平台年度评价（${roundSerial}）`;
  return createRound(createRoundSchema.parse({ presetId: 'sichuan-2025-annual', name, year }), ACTOR);
}

export async function makeOrganisation(name: string, parentId?: string) {
  return prisma.organisation.create({
    data: { name, uscc: uscc(), region: '四川省成都市', parentId: parentId ?? null },
    select: { id: true, name: true, uscc: true },
  });
}

export async function makeItem(
  roundId: string,
  organisationId: string,
  name: string,
  group: string,
  decision: 'pending' | 'admitted' | 'excluded' = 'admitted',
) {
  const platform = await prisma.platform.create({
    data: {
      name,
      jurisdiction: 'sichuan',
      category: 'testing',
      organisationId,
      fields: JSON.stringify([group]),
    },
    select: { id: true },
  });
  return prisma.item.create({
    data: {
      roundId,
      platformId: platform.id,
      organisationId,
      kind: 'annualReport',
      name,
      group,
      eligibilityDecision: decision,
      importKey: `${organisationId}:${name}`,
    },
    select: { id: true, name: true, platformId: true },
  });
}

export async function makeExpert(
  code: string,
  fields: string[],
  options: {
    organisation?: string;
    title?: string;
    conflicts?: ExpertConflictInput[];
    active?: boolean;
  } = {},
) {
  const result = await createExpert(ACTOR, {
    code,
    name: `专家${code}`,
    organisationName: options.organisation ?? `${code}大学`,
    title: options.title ?? '高级工程师',
    fields,
    region: '四川省成都市',
    active: options.active ?? true,
    conflicts: options.conflicts ?? [],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}
