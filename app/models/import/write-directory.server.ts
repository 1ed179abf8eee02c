// Organisations and platforms, shared by every round: created or updated from an imported file.
import type { PlatformCategory } from '@prisma/client';
import type { Jurisdiction } from '#scoring/types';
import { canonicalJson } from '#app/models/audit.server';
import { insertRows } from '#app/models/bulk-sql.server';
import type { Tx } from '#app/utils/db.server';
import type { ImportedUnit } from '#app/utils/xlsx/import-preview';
import { inChunks, newId } from './load.server';
import { PROVINCES } from './province';

const CATEGORY: Record<string, PlatformCategory> = {
  检验检测: 'testing',
  信息服务: 'information',
  创新成果产业化: 'industrialisation',
};

/** What an import did to organisations or platforms, for its audit event (they have none of their own). */
export interface SharedChanges {
  created: { id: string; [key: string]: unknown }[];
  updated: { id: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
}

export async function writeOrganisations(
  tx: Tx,
  units: ImportedUnit[],
): Promise<{
  ids: Map<string, string>;
  changes: { created: SharedChanges['created']; renamed: unknown[]; parents: unknown[] };
}> {
  const codes = [...new Set([...units.map((u) => u.uscc), ...units.flatMap((u) => u.parentUscc ?? [])])];
  const lookup = () =>
    inChunks(codes, (chunk) =>
      tx.organisation.findMany({
        where: { uscc: { in: chunk } },
        select: { id: true, uscc: true, name: true, parentId: true },
      }),
    );
  const known = new Map((await lookup()).map((o) => [o.uscc, o]));
  const missing = units.filter((u) => !known.has(u.uscc));
  // New organisations: ids made here, rows inserted as one JSON parameter (no read-back).
  const fresh = missing.map((unit) => ({ id: newId(), uscc: unit.uscc, name: unit.name, parentId: null }));
  const now = new Date();
  await insertRows(
    tx,
    'Organisation',
    ['id', 'name', 'uscc', 'region', 'nature', 'address', 'createdAt', 'updatedAt'],
    missing.map((unit, k) => ({
      id: fresh[k].id,
      name: unit.name,
      uscc: unit.uscc,
      region: PROVINCES[unit.uscc.slice(2, 4)] ?? '未知',
      nature: typeof unit.data.applicantType === 'string' ? unit.data.applicantType : null,
      address: typeof unit.data.address === 'string' ? unit.data.address : null,
      createdAt: now,
      updatedAt: now,
    })),
  );
  // Renamed units one by one (their names differ); a re-import of the same file renames none.
  const renamed: unknown[] = [];
  for (const unit of units) {
    const org = known.get(unit.uscc);
    if (org && org.name !== unit.name) {
      await tx.organisation.update({ where: { id: org.id }, data: { name: unit.name } });
      renamed.push({ id: org.id, uscc: unit.uscc, before: { name: org.name }, after: { name: unit.name } });
    }
  }
  const ids = new Map([...known, ...fresh.map((o) => [o.uscc, o] as const)]);
  const created = fresh.map(({ id, uscc, name }) => ({ id, uscc, name }));
  // Parents recorded in the file, one statement per parent.
  const childrenOf = new Map<string, string[]>();
  for (const unit of units) {
    const parent = unit.parentUscc ? ids.get(unit.parentUscc)?.id : undefined;
    const self = ids.get(unit.uscc);
    if (parent && self && self.parentId !== parent)
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), self.id]);
  }
  const byId = new Map([...ids.values()].map((o) => [o.id, o]));
  const parents: unknown[] = [];
  for (const [parentId, children] of childrenOf) {
    await inChunks(children, async (chunk) => {
      await tx.organisation.updateMany({ where: { id: { in: chunk } }, data: { parentId } });
      return [];
    });
    for (const id of children)
      parents.push({ id, before: { parentId: byId.get(id)?.parentId ?? null }, after: { parentId } });
  }
  return {
    ids: new Map(units.map((u) => [u.uscc, (ids.get(u.uscc) as { id: string }).id])),
    changes: { created, renamed, parents },
  };
}

// The unit's platform in the round's jurisdiction: the one of the same name, else its oldest one,
// else a new one.
export async function writePlatforms(
  tx: Tx,
  jurisdiction: Jurisdiction,
  units: ImportedUnit[],
  orgIds: Map<string, string>,
): Promise<{ ids: Map<string, string>; changes: SharedChanges }> {
  const lookup = () =>
    inChunks([...new Set(orgIds.values())], (chunk) =>
      tx.platform.findMany({
        where: { jurisdiction, organisationId: { in: chunk } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true, organisationId: true, category: true, fields: true, scopes: true },
      }),
    );
  type Row = Awaited<ReturnType<typeof lookup>>[number];
  const index = (rows: Row[]) => {
    const byOrg = new Map<string, Row[]>();
    for (const row of rows) byOrg.set(row.organisationId, [...(byOrg.get(row.organisationId) ?? []), row]);
    return (unit: ImportedUnit) => {
      const own = byOrg.get(orgIds.get(unit.uscc) as string) ?? [];
      return own.find((p) => p.name === unit.platformName) ?? own[0];
    };
  };
  const facts = (unit: ImportedUnit) => ({
    category: CATEGORY[unit.category ?? ''] ?? ('testing' as const),
    fields: JSON.stringify(unit.serviceFields),
    scopes: JSON.stringify(unit.serviceScopes),
  });
  const existing = await lookup();
  let pick = index(existing);
  const missing = units.filter((u) => !pick(u));
  // New platforms: ids made here, rows inserted as one JSON parameter (no read-back).
  const fresh: Row[] = missing.map((unit) => ({
    id: newId(),
    name: unit.platformName,
    organisationId: orgIds.get(unit.uscc) as string,
    ...facts(unit),
  }));
  const now = new Date();
  await insertRows(
    tx,
    'Platform',
    [
      'id',
      'name',
      'jurisdiction',
      'category',
      'fields',
      'scopes',
      'status',
      'organisationId',
      'createdAt',
      'updatedAt',
    ],
    fresh.map((p) => ({
      id: p.id,
      name: p.name,
      jurisdiction,
      category: p.category,
      fields: p.fields,
      scopes: p.scopes,
      status: 'applicant',
      organisationId: p.organisationId,
      createdAt: now,
      updatedAt: now,
    })),
  );
  // Changed facts, grouped: one statement per distinct (category, fields, scopes).
  const groups = new Map<string, { facts: ReturnType<typeof facts>; ids: string[] }>();
  const updated: SharedChanges['updated'] = [];
  const factsOf = (f: { category: string; fields: string; scopes: string }) => ({
    category: f.category,
    fields: JSON.parse(f.fields) as unknown,
    scopes: JSON.parse(f.scopes) as unknown,
  });
  for (const unit of units) {
    const platform = pick(unit);
    const next = facts(unit);
    if (
      platform &&
      (platform.category !== next.category ||
        platform.fields !== next.fields ||
        platform.scopes !== next.scopes)
    ) {
      const key = canonicalJson(next);
      const group = groups.get(key) ?? { facts: next, ids: [] };
      if (group.ids.includes(platform.id)) continue; // two units of the file on one platform
      group.ids.push(platform.id);
      updated.push({ id: platform.id, before: factsOf(platform), after: factsOf(next) });
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) {
    await inChunks(group.ids, async (chunk) => {
      await tx.platform.updateMany({ where: { id: { in: chunk } }, data: group.facts });
      return [];
    });
  }
  if (fresh.length > 0) pick = index([...existing, ...fresh]);
  const created = missing.map((unit) => ({
    id: (pick(unit) as { id: string }).id,
    name: unit.platformName,
    organisationId: orgIds.get(unit.uscc) as string,
    ...factsOf(facts(unit)),
  }));
  return {
    ids: new Map(units.map((unit) => [unit.uscc, (pick(unit) as { id: string }).id])),
    changes: { created, updated },
  };
}
