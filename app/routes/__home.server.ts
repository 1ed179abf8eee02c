// Reads for the home page (工作台): one section per role the user holds, each scoped to that user.
import { roundProgress } from '#app/models/progress.server';
import { prisma } from '#app/utils/db.server';
import { hasPermission, type Role } from '#app/utils/permissions';

export type RoundRow = {
  id: string;
  name: string;
  state: string;
  items: number;
  submitted: number; // sheets submitted, as on the progress board
  expected: number; // sheets expected (assigned, admitted, not recused), as on the progress board
};
export type AssignmentRow = {
  itemId: string;
  itemName: string;
  roundId: string;
  roundName: string;
  panelName: string;
  sheetState: string | null;
  sheetId: string | null; // the expert's score sheet (专家评分 page), once scoring has started
  // What the home shows: 未开始 (no sheet yet), 草稿, 已提交, 已锁定, 已回避 (self-recused), 缺席.
  status: 'not_started' | 'draft' | 'submitted' | 'locked' | 'recused' | 'absent';
};
export type PanelRow = {
  id: string;
  name: string;
  roundId: string;
  roundName: string;
  state: string;
  members: number;
  items: number;
};
export type AuditRow = {
  id: string;
  seq: number;
  action: string;
  entity: string;
  createdAt: Date;
  actor: string | null;
};

export type HomeData = {
  rounds?: RoundRow[];
  awaitingDecision?: RoundRow[];
  inProgress?: RoundRow[];
  assignments?: AssignmentRow[];
  panels?: PanelRow[];
  admin?: { users: number; disabledUsers: number; recentAudit: AuditRow[] };
};

// Rounds a department (主管部门) has to decide on: results are in or the list is under notice.
const AWAITING_DECISION = ['results', 'published'] as const;
// Rounds still with the agency (import, 形式审查, expert review): a department follows their progress.
const IN_PROGRESS = ['importing', 'reviewing', 'scoring'] as const;

async function roundRows(where: object): Promise<RoundRow[]> {
  const rounds = await prisma.round.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, name: true, state: true, _count: { select: { items: true } } },
  });
  // The same function as the progress board (评审进度), so the two pages never disagree.
  const progress = await Promise.all(rounds.map((r) => roundProgress(r.id)));
  return rounds.map((r, i) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    items: r._count.items,
    submitted: progress[i]?.submitted ?? 0,
    expected: progress[i]?.expected ?? 0,
  }));
}

async function assignmentRows(userId: string): Promise<AssignmentRow[]> {
  const expert = await prisma.expert.findUnique({ where: { userId }, select: { id: true } });
  if (!expert) return [];
  const seats = await prisma.panelMember.findMany({
    where: { expertId: expert.id, status: 'drawn', role: { in: ['chair', 'member'] } },
    select: {
      panel: {
        select: {
          name: true,
          round: { select: { id: true, name: true } },
          assignments: {
            // Items not admitted at 形式审查 are never sent to experts.
            where: { item: { eligibilityDecision: 'admitted' } },
            orderBy: { order: 'asc' },
            select: {
              item: {
                select: {
                  id: true,
                  name: true,
                  sheets: {
                    where: { expertId: expert.id },
                    select: {
                      id: true,
                      state: true,
                      recused: true,
                      absent: true,
                      draftSavedAt: true,
                      submittedAt: true,
                    },
                  },
                },
              },
              recusals: { select: { expertId: true } },
            },
          },
        },
      },
    },
  });
  return seats.flatMap(({ panel }) =>
    panel.assignments
      // A recused expert does not see the item at all.
      .filter((a) => !a.recusals.some((r) => r.expertId === expert.id))
      .map((a) => {
        const sheet = a.item.sheets[0];
        return {
          itemId: a.item.id,
          itemName: a.item.name,
          roundId: panel.round.id,
          roundName: panel.round.name,
          panelName: panel.name,
          sheetState: sheet?.state ?? null,
          sheetId: sheet?.id ?? null,
          status: !sheet
            ? 'not_started'
            : sheet.recused
              ? 'recused'
              : sheet.absent
                ? 'absent'
                : // A draft never saved nor ever submitted: nothing typed yet.
                  sheet.state === 'draft' && !sheet.draftSavedAt && !sheet.submittedAt
                  ? 'not_started'
                  : (sheet.state as 'draft' | 'submitted' | 'locked'),
        } satisfies AssignmentRow;
      }),
  );
}

async function chairPanels(userId: string): Promise<PanelRow[]> {
  const panels = await prisma.panel.findMany({
    where: { members: { some: { role: 'chair', status: 'drawn', expert: { userId } } } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      state: true,
      round: { select: { id: true, name: true } },
      _count: {
        select: {
          assignments: true,
          members: { where: { status: 'drawn', role: { in: ['chair', 'member'] } } },
        },
      },
    },
  });
  return panels.map((p) => ({
    id: p.id,
    name: p.name,
    roundId: p.round.id,
    roundName: p.round.name,
    state: p.state,
    members: p._count.members,
    items: p._count.assignments,
  }));
}

async function adminOverview(): Promise<NonNullable<HomeData['admin']>> {
  const [users, disabledUsers, events] = await Promise.all([
    prisma.user.count(),
    prisma.user.count({ where: { disabled: true } }),
    prisma.auditEvent.findMany({
      orderBy: { seq: 'desc' },
      take: 10,
      select: { id: true, seq: true, action: true, entity: true, createdAt: true, actorId: true },
    }),
  ]);
  const actors = await prisma.user.findMany({
    where: { id: { in: events.map((e) => e.actorId).filter((id): id is string => id !== null) } },
    select: { id: true, displayName: true },
  });
  const names = new Map(actors.map((a) => [a.id, a.displayName]));
  return {
    users,
    disabledUsers,
    recentAudit: events.map((e) => ({
      id: e.id,
      seq: e.seq,
      action: e.action,
      entity: e.entity,
      createdAt: e.createdAt,
      actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : null,
    })),
  };
}

export async function loadHome(user: { id: string; roles: Role[] }): Promise<HomeData> {
  const has = (role: Role) => user.roles.includes(role);
  const home: HomeData = {};
  if (has('agency')) home.rounds = await roundRows({});
  if (has('department')) {
    home.awaitingDecision = await roundRows({ state: { in: [...AWAITING_DECISION] } });
    home.inProgress = await roundRows({ state: { in: [...IN_PROGRESS] } });
  }
  if (has('expert') || has('chair')) home.assignments = await assignmentRows(user.id);
  if (has('chair')) home.panels = await chairPanels(user.id);
  if (hasPermission(user.roles, 'user:manage')) home.admin = await adminOverview();
  return home;
}
