import type { Conflict, ExpertFacts, ItemFacts, OrgRef } from './types';

// How far back a former employer still counts (近三年): an expert who left in asOfYear − 3 or later
// is recused. Inclusive on purpose: recusal errs on the side of stepping aside.
const PAST_EMPLOYER_YEARS = 3;

// Names arrive from spreadsheets typed by hand: full-width brackets, stray spaces, mixed case in
// Latin parts. NFKC folds full-width forms, so 「（）」 and 「()」 compare equal.
function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function normaliseUscc(uscc: string | null | undefined): string {
  return (uscc ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function sameOrganisation(a: OrgRef, b: OrgRef): boolean {
  const usccA = normaliseUscc(a.uscc);
  if (usccA !== '' && usccA === normaliseUscc(b.uscc)) return true;
  const nameA = normaliseName(a.name);
  return nameA !== '' && nameA === normaliseName(b.name);
}

type Relation = 'unit' | 'parent';

function relationToItem(org: OrgRef, item: ItemFacts): Relation | null {
  if (sameOrganisation(org, item.unit)) return 'unit';
  if (item.parent && sameOrganisation(org, item.parent)) return 'parent';
  return null;
}

function describe(relation: Relation, item: ItemFacts): string {
  return relation === 'unit'
    ? `申报单位「${item.unit.name}」`
    : `申报单位「${item.unit.name}」的上级单位「${item.parent?.name ?? ''}」`;
}

function withNote(message: string, note: string | undefined): string {
  const trimmed = note?.trim();
  return trimmed ? `${message}（${trimmed}）` : message;
}

/**
 * Conflicts of interest (回避事由) between one expert and one item, as of a review year. Pure: the
 * caller supplies the facts; an empty array means the expert may review the item.
 */
export function findConflicts(expert: ExpertFacts, item: ItemFacts, asOfYear: number): Conflict[] {
  if (!Number.isInteger(asOfYear)) throw new TypeError(`asOfYear must be an integer year, got ${asOfYear}`);
  const conflicts: Conflict[] = [];
  const add = (conflict: Conflict) => {
    if (!conflicts.some((c) => c.code === conflict.code && c.message === conflict.message))
      conflicts.push(conflict);
  };

  if (expert.organisation) {
    const relation = relationToItem(expert.organisation, item);
    if (relation === 'unit') {
      add({
        code: 'current_employer',
        message: `专家现工作单位即${describe(relation, item)}`,
      });
    } else if (relation === 'parent') {
      add({
        code: 'current_employer_parent',
        message: `专家现工作单位是${describe(relation, item)}`,
      });
    }
  }

  for (const past of expert.pastEmployers) {
    if (past.untilYear < asOfYear - PAST_EMPLOYER_YEARS) continue;
    const relation = relationToItem(past.organisation, item);
    if (relation) {
      add({
        code: 'past_employer',
        message: `专家近${PAST_EMPLOYER_YEARS}年内（至${past.untilYear}年）曾任职于${describe(relation, item)}`,
      });
    }
  }

  for (const organisation of expert.relativesOrganisations) {
    const relation = relationToItem(organisation, item);
    if (relation)
      add({
        code: 'relative',
        message: `专家近亲属任职于${describe(relation, item)}`,
      });
  }

  for (const declared of expert.declaredConflicts) {
    if (declared.kind === 'organisation') {
      const relation = relationToItem(declared.organisation, item);
      if (relation) {
        add({
          code: 'declared_organisation',
          message: withNote(`专家申报与${describe(relation, item)}存在利益关系`, declared.note),
        });
      }
    } else if (declared.kind === 'item') {
      if (declared.itemId === item.id) {
        add({
          code: 'declared_item',
          message: withNote(`专家申报与评审对象「${item.name ?? item.id}」存在利益关系`, declared.note),
        });
      }
    } else if (item.platformId && declared.platformId === item.platformId) {
      add({
        code: 'declared_platform',
        message: withNote(`专家申报与平台「${item.name ?? item.platformId}」存在利益关系`, declared.note),
      });
    }
  }

  return conflicts;
}
