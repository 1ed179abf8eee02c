// A scoring-ready round for the scoring tests: a real round (rounds model), organisations and items,
// experts with sign-in accounts, one or more drawn panels with the first member as chair, items
// assigned, then 开始专家评审 through the real startScoring (which creates the sheets and the Result
// rows). Panels and assignments are written straight to the database: drawing and assigning are
// tested elsewhere.
import { prisma } from '#app/utils/db.server';
import { createRound, createRoundSchema, startScoring } from '#app/models/round.server';
import { hashPassword } from '#app/utils/password.server';
import type { SessionUser } from '#app/models/auth.server';
import type { Role } from '#app/utils/permissions';
import { ACTOR, makeItem, makeOrganisation } from '#tests/integration/panels/fixtures';

export const PASSWORD = 'Scoring-test-pass-1';
let serial = 0;
let passwordHash: string | null = null;

export async function makeUser(username: string, roles: Role[]): Promise<SessionUser> {
  passwordHash ??= await hashPassword(PASSWORD);
  const user = await prisma.user.create({
    data: {
      username,
      displayName: username,
      passwordHash,
      roles: { create: roles.map((role) => ({ role })) },
    },
    select: { id: true, username: true, displayName: true },
  });
  return { ...user, roles, mustChangePassword: false };
}

export interface ScoringPanel {
  id: string;
  experts: { id: string; name: string; user: SessionUser }[]; // draw order; experts[0] is the chair
  chair: SessionUser;
  itemIds: string[];
}

export interface ScoringRound {
  roundId: string;
  schemeId: string;
  panels: ScoringPanel[];
  items: { id: string; name: string; group: string; panelId: string }[];
  agency: SessionUser;
}

/**
 * `panels[i]` = { experts, items, group }: each panel its own experts and items (items of one group
 * share it). `mutateScheme` may edit the round's scheme definition (e.g. quota grading) before the
 * start.
 */
export async function makeScoringRound(options: {
  presetId?: string;
  panels: { experts: number; items: number; group?: string; quorum?: number }[];
  mutateScheme?: (definition: Record<string, unknown>) => void;
  settings?: Record<string, unknown>;
  start?: boolean;
}): Promise<ScoringRound> {
  serial += 1;
  const tag = `${serial}-${Math.random().toString(36).slice(2, 7)}`;
  const round = await createRound(
    createRoundSchema.parse({
      presetId: options.presetId ?? 'sichuan-2025-annual',
      name: `评分测试轮次${tag}`,
      year: 2026,
    }),
    ACTOR,
  );
  const row = await prisma.round.findUniqueOrThrow({ where: { id: round.id }, select: { schemeId: true } });
  if (options.mutateScheme) {
    const scheme = await prisma.scheme.findUniqueOrThrow({ where: { id: row.schemeId } });
    const definition = JSON.parse(scheme.definition) as Record<string, unknown>;
    options.mutateScheme(definition);
    await prisma.scheme.update({
      where: { id: row.schemeId },
      data: { definition: JSON.stringify(definition) },
    });
  }
  if (options.settings)
    await prisma.round.update({
      where: { id: round.id },
      data: { settings: JSON.stringify(options.settings) },
    });
  const agency = await makeUser(`agency-${tag}`, ['agency']);
  const unit = await makeOrganisation(`评分测试单位${tag}`);
  const panels: ScoringPanel[] = [];
  const items: ScoringRound['items'] = [];
  for (const [p, spec] of options.panels.entries()) {
    const group = spec.group ?? `组${p + 1}`;
    const panel = await prisma.panel.create({
      data: {
        roundId: round.id,
        name: `第${p + 1}组`,
        fieldGroup: group,
        size: spec.experts,
        quorum: spec.quorum ?? null,
        state: 'drawn',
        drawnAt: new Date(),
      },
      select: { id: true },
    });
    const experts: ScoringPanel['experts'] = [];
    for (let e = 0; e < spec.experts; e++) {
      const user = await makeUser(`exp-${tag}-${p}-${e}`, e === 0 ? ['chair', 'expert'] : ['expert']);
      const expert = await prisma.expert.create({
        data: {
          name: `专家${tag}-${p}-${e}`,
          organisationName: '测试大学',
          title: '高级工程师',
          region: '四川省成都市',
          userId: user.id,
        },
        select: { id: true, name: true },
      });
      await prisma.panelMember.create({
        data: { panelId: panel.id, expertId: expert.id, role: e === 0 ? 'chair' : 'member', drawOrder: e },
      });
      experts.push({ ...expert, user });
    }
    const itemIds: string[] = [];
    for (let i = 0; i < spec.items; i++) {
      const item = await makeItem(round.id, unit.id, `平台${tag}-${p}-${i}`, group, 'admitted');
      await prisma.assignment.create({ data: { panelId: panel.id, itemId: item.id, order: i } });
      itemIds.push(item.id);
      items.push({ id: item.id, name: item.name, group, panelId: panel.id });
    }
    panels.push({ id: panel.id, experts, chair: experts[0].user, itemIds });
  }
  if (options.start !== false) {
    const started = await startScoring(round.id, agency.id, new Date());
    if (!started.ok) throw new Error(`startScoring: ${started.message}`);
  }
  return { roundId: round.id, schemeId: row.schemeId, panels, items, agency };
}

export async function sheetOf(itemId: string, expertId: string) {
  return prisma.scoreSheet.findUniqueOrThrow({ where: { itemId_expertId: { itemId, expertId } } });
}

/** Full marks × share for every criterion of the round's rubric, on its step. */
export async function scoresFor(roundId: string, share = 0.8): Promise<Record<string, number>> {
  const round = await prisma.round.findUniqueOrThrow({
    where: { id: roundId },
    select: { scheme: { select: { definition: true } } },
  });
  const def = JSON.parse(round.scheme.definition) as {
    scheme: { rubric: { criteria: { id: string; max: number; step?: number }[] } };
  };
  const scores: Record<string, number> = {};
  for (const c of def.scheme.rubric.criteria) {
    const step = c.step ?? 1;
    scores[c.id] = Math.min(c.max, Math.round((c.max * share) / step) * step);
  }
  return scores;
}
