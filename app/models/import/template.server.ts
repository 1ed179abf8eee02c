// Which workbook a round collects, and the round's blank workbook to download.
import type { PrismaClient } from '@prisma/client';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import { prisma } from '#app/utils/db.server';
import { workbookSpec, type TemplateKind } from '#app/utils/xlsx/spec';
import { buildWorkbook } from '#app/utils/xlsx/template';

/** Which workbook a round collects: applications for recognition, annual reports otherwise. */
export function templateKindOf(roundKind: string): TemplateKind {
  return roundKind === 'recognition' ? 'application' : 'annual_report';
}

export function itemKindOf(roundKind: string) {
  if (roundKind === 'recognition') return 'application' as const;
  return roundKind === 'triennial' ? ('triennial' as const) : ('annualReport' as const);
}

/**
 * The round's blank workbook: the form of its kind plus a 补充数据 sheet for any eligibility data
 * its scheme asks for beyond the form, with the round's window and deadline in the instructions.
 */
export async function roundTemplate(
  roundId: string,
  db: PrismaClient = prisma,
): Promise<{ bytes: Buffer; fileName: string } | null> {
  const round = await db.round.findUnique({
    where: { id: roundId },
    select: {
      name: true,
      kind: true,
      jurisdiction: true,
      windowStart: true,
      windowEnd: true,
      deadlines: true,
      scheme: { select: { definition: true } },
    },
  });
  if (!round) return null;
  const kind = templateKindOf(round.kind);
  const spec = workbookSpec(
    kind,
    parseSchemeDefinition(round.scheme.definition).eligibility,
    round.jurisdiction,
  );
  const deadlines = JSON.parse(round.deadlines) as { applicationsClose?: string };
  const notes = [
    round.windowStart && round.windowEnd
      ? `五、统计区间：${round.windowStart} 至 ${round.windowEnd}，数据按此区间填写。`
      : null,
    deadlines.applicationsClose ? `六、报送截止日期：${deadlines.applicationsClose}。` : null,
  ].filter((n): n is string => n !== null);
  return {
    bytes: buildWorkbook(spec, { heading: round.name, notes }),
    fileName: `${round.name}-${spec.title}.xlsx`,
  };
}
