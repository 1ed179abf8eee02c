// Progress board (评审进度) of a round: per panel and per expert, the items expected (assigned and
// not recused), drafted (a sheet saved but not submitted) and submitted (submitted or locked).
import { prisma } from '#app/utils/db.server';

export interface Counts {
  expected: number;
  drafted: number;
  submitted: number;
}

export interface ExpertProgress extends Counts {
  expertId: string;
  name: string;
  role: 'chair' | 'member';
  recused: number;
}

export interface PanelProgress extends Counts {
  panelId: string;
  name: string;
  fieldGroup: string;
  items: number;
  completeItems: number; // items whose every expected sheet is submitted
  experts: ExpertProgress[];
}

export interface RoundProgress extends Counts {
  roundId: string;
  items: number;
  completeItems: number;
  panels: PanelProgress[];
}

export async function roundProgress(roundId: string): Promise<RoundProgress | null> {
  const round = await prisma.round.findUnique({ where: { id: roundId }, select: { id: true } });
  if (!round) return null;
  const [panels, sheets] = await Promise.all([
    prisma.panel.findMany({
      where: { roundId },
      select: {
        id: true,
        name: true,
        fieldGroup: true,
        members: {
          where: { status: 'drawn', role: { in: ['chair', 'member'] } },
          select: { expertId: true, role: true, expert: { select: { name: true } } },
          orderBy: { drawOrder: 'asc' },
        },
        // Only admitted items are sent to experts (assignment.server.ts); anything else expects no sheet.
        assignments: {
          where: { item: { eligibilityDecision: 'admitted' } },
          select: { itemId: true, recusals: { select: { expertId: true } } },
        },
      },
      orderBy: { createdAt: 'asc' },
    }),
    prisma.scoreSheet.findMany({
      where: { roundId, recused: false },
      select: { itemId: true, expertId: true, state: true },
    }),
  ]);
  const sheetState = new Map(sheets.map((s) => [`${s.itemId}\u0000${s.expertId}`, s.state]));

  const panelProgress: PanelProgress[] = panels.map((panel) => {
    const experts: ExpertProgress[] = panel.members.map((m) => ({
      expertId: m.expertId,
      name: m.expert.name,
      role: m.role === 'chair' ? 'chair' : 'member',
      expected: 0,
      drafted: 0,
      submitted: 0,
      recused: 0,
    }));
    let completeItems = 0;
    for (const assignment of panel.assignments) {
      const recused = new Set(assignment.recusals.map((r) => r.expertId));
      let complete = true;
      for (const expert of experts) {
        if (recused.has(expert.expertId)) {
          expert.recused += 1;
          continue;
        }
        expert.expected += 1;
        const state = sheetState.get(`${assignment.itemId}\u0000${expert.expertId}`);
        if (state === 'submitted' || state === 'locked') expert.submitted += 1;
        else {
          complete = false;
          if (state === 'draft') expert.drafted += 1;
        }
      }
      if (complete && experts.length > 0) completeItems += 1;
    }
    const sum = (key: keyof Counts) => experts.reduce((total, e) => total + e[key], 0);
    return {
      panelId: panel.id,
      name: panel.name,
      fieldGroup: panel.fieldGroup,
      items: panel.assignments.length,
      completeItems,
      expected: sum('expected'),
      drafted: sum('drafted'),
      submitted: sum('submitted'),
      experts,
    };
  });

  const total = (key: 'expected' | 'drafted' | 'submitted' | 'items' | 'completeItems') =>
    panelProgress.reduce((sum, p) => sum + p[key], 0);
  return {
    roundId,
    items: total('items'),
    completeItems: total('completeItems'),
    expected: total('expected'),
    drafted: total('drafted'),
    submitted: total('submitted'),
    panels: panelProgress,
  };
}
