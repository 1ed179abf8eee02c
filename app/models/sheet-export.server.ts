// Exports of a round's score sheets (issue 9 §3, §5): `GET /api/v1/rounds/:roundId/sheets`.
//
// - `case`: the round's submitted and locked sheets in exactly the input format of `pingshen grade`
//   (`{"items": [...], "sheets": [...]}`, the engine's GradeInput; the CLI reads the scheme from its
//   own `--scheme` argument, so `scheme` gives the round's frozen scheme as a file for it). Grading
//   the two with the CLI gives the numbers the results page shows.
// - `xlsx`: the 汇总表, one worksheet, item × expert × criterion with sheet totals, the item's
//   aggregate and grade, headed by the round's name and the audit chain's head.
//
// Who may export: holders of result:read (the whole round, or one panel with `panelId`), and the
// chair of a panel for that panel only. Experts are named for the agency and the administrator
// (as on the results page) and pseudonymous (专家A, 专家B …, one letter per expert across the
// export, in the order of their ids) for everyone else.
import XLSX from 'xlsx';
import { DEFAULTS } from '#scoring/defaults';
import type { GradeInput, Scheme } from '#scoring/types';
import { auditChainHead, auditHeadLabel } from '#app/models/audit.server';
import { mayViewPanelScores, roundResults, seesExpertNames } from '#app/models/result.server';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import type { SessionUser } from '#app/utils/auth.server';
import { prisma } from '#app/utils/db.server';
import { fail, succeed, type Outcome } from '#app/utils/outcome';
import { hasPermission } from '#app/utils/permissions';
import { expertPseudonym, flagLabel } from '#app/components/results/labels';

export const EXPORT_FORMATS = ['case', 'scheme', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportScope = {
  roundId: string;
  roundName: string;
  /** null: the whole round. */
  panelId: string | null;
  panelName: string | null;
  /** Experts by name (the agency) or by pseudonym (everyone else). */
  named: boolean;
  scheme: Scheme;
};

/** Whether `user` may export the round's sheets (all of them, or one panel's), and how. */
export async function exportScope(
  user: SessionUser,
  roundId: string,
  panelId: string | null,
): Promise<Outcome<{ scope: ExportScope }>> {
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: { id: true, name: true, scheme: { select: { definition: true } } },
  });
  if (!round) return fail(404, '评审工作不存在');
  let panelName: string | null = null;
  if (panelId !== null) {
    const panel = await prisma.panel.findFirst({
      where: { id: panelId, roundId },
      select: { name: true },
    });
    if (!panel) return fail(404, '该评审工作中没有这个专家组');
    panelName = panel.name;
  }
  const wholeRound = hasPermission(user.roles, 'result:read');
  if (!wholeRound) {
    if (panelId === null)
      return fail(403, '无权导出整个评审工作的评分表；专家组组长请指定本人担任组长的专家组（panelId）');
    if (!(await mayViewPanelScores(user, panelId)))
      return fail(403, '只有该专家组的组长或评审机构可以导出这个专家组的评分表');
  }
  return succeed({
    scope: {
      roundId,
      roundName: round.name,
      panelId,
      panelName,
      named: seesExpertNames(user),
      scheme: parseSchemeDefinition(round.scheme.definition).scheme,
    },
  });
}

type SheetRow = {
  id: string;
  itemId: string;
  expertId: string;
  panelId: string | null;
  scores: string;
  total: string | null;
  recused: boolean;
  absent: boolean;
  state: 'draft' | 'submitted' | 'locked';
  expert: { name: string };
};

type ScopeItem = {
  id: string;
  name: string;
  group: string | null;
  vetoed: boolean;
  /** The quorum of the item's panel (its own, or the scheme's). */
  quorum: number;
};

/**
 * The items the app grades (admitted, assigned to a panel; in the scope's panel when one is given)
 * and all their sheets.
 */
async function scopeData(scope: ExportScope): Promise<{ items: ScopeItem[]; sheets: SheetRow[] }> {
  const schemeQuorum = scope.scheme.aggregation.quorum ?? DEFAULTS.quorum;
  const rows = await prisma.item.findMany({
    where: {
      roundId: scope.roundId,
      eligibilityDecision: 'admitted',
      assignments: { some: scope.panelId ? { panelId: scope.panelId } : {} },
    },
    select: {
      id: true,
      name: true,
      group: true,
      vetoed: true,
      assignments: {
        select: { panel: { select: { quorum: true } } },
        orderBy: { createdAt: 'asc' },
        take: 1,
      },
    },
    orderBy: [{ group: 'asc' }, { name: 'asc' }, { id: 'asc' }],
  });
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    group: r.group,
    vetoed: r.vetoed,
    quorum: r.assignments[0]?.panel.quorum ?? schemeQuorum,
  }));
  const sheets = await prisma.scoreSheet.findMany({
    where: { itemId: { in: items.map((i) => i.id) } },
    select: {
      id: true,
      itemId: true,
      expertId: true,
      panelId: true,
      scores: true,
      total: true,
      recused: true,
      absent: true,
      state: true,
      expert: { select: { name: true } },
    },
    orderBy: [{ itemId: 'asc' }, { expertId: 'asc' }],
  });
  return { items, sheets };
}

/** Expert id → the name the viewer sees in exports (named, or 专家A, B … in the order of their ids). */
function expertNames(scope: ExportScope, sheets: SheetRow[]): Map<string, string> {
  const ids = [...new Set(sheets.map((s) => s.expertId))].sort();
  const byId = new Map(sheets.map((s) => [s.expertId, s.expert.name]));
  return new Map(ids.map((id, i) => [id, scope.named ? byId.get(id)! : expertPseudonym(i)]));
}

function parseScores(json: string): Record<string, number> {
  const parsed = JSON.parse(json) as unknown;
  const scores: Record<string, number> = {};
  if (typeof parsed !== 'object' || parsed === null) return scores;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'number') scores[key] = value;
  return scores;
}

const counts = (s: SheetRow) => !s.absent && !s.recused && s.state !== 'draft';

/**
 * The `pingshen grade` case file of the scope: the items the app grades, their submitted and locked
 * sheets, recused sheets as `recused: true` with no scores, nothing of absent experts or drafts.
 * An item with fewer counted sheets than its panel's quorum (a panel may be stricter than the
 * scheme) contributes no sheets, exactly as the app grades it, so the CLI marks it 未完成 too.
 */
export async function caseFile(scope: ExportScope): Promise<GradeInput> {
  const { items, sheets } = await scopeData(scope);
  const names = scope.named ? null : expertNames(scope, sheets);
  const expertId = (id: string) => (names ? names.get(id)! : id);
  const counted = new Map<string, number>();
  for (const s of sheets) if (counts(s)) counted.set(s.itemId, (counted.get(s.itemId) ?? 0) + 1);
  const quorum = new Map(items.map((i) => [i.id, i.quorum]));
  const out: GradeInput = {
    items: items.map((item) => ({
      id: item.id,
      name: item.name,
      group: item.group ?? '',
      ...(item.vetoed ? { vetoed: true } : {}),
    })),
    sheets: [],
  };
  for (const sheet of sheets) {
    if (sheet.absent) continue;
    if (sheet.recused) {
      out.sheets.push({
        itemId: sheet.itemId,
        expertId: expertId(sheet.expertId),
        scores: {},
        recused: true,
      });
      continue;
    }
    if (sheet.state === 'draft') continue;
    if ((counted.get(sheet.itemId) ?? 0) < quorum.get(sheet.itemId)!) continue;
    out.sheets.push({
      itemId: sheet.itemId,
      expertId: expertId(sheet.expertId),
      scores: parseScores(sheet.scores),
    });
  }
  return out;
}

/**
 * The scheme file for `pingshen grade --scheme`: the round's frozen scheme. When every panel of the
 * scope sets its own quorum, the app grades with the lowest of them (see caseFile), and so does
 * this file.
 */
export async function schemeFile(scope: ExportScope): Promise<Scheme> {
  const panels = await prisma.panel.findMany({
    where: {
      roundId: scope.roundId,
      ...(scope.panelId ? { id: scope.panelId } : {}),
      assignments: { some: {} },
    },
    select: { quorum: true },
  });
  const schemeQuorum = scope.scheme.aggregation.quorum ?? DEFAULTS.quorum;
  const quorums = panels.map((p) => p.quorum ?? schemeQuorum);
  const lowest = quorums.length > 0 ? Math.min(...quorums) : schemeQuorum;
  return lowest === schemeQuorum
    ? scope.scheme
    : { ...scope.scheme, aggregation: { ...scope.scheme.aggregation, quorum: lowest } };
}

const STATE_LABELS = { draft: '未提交', submitted: '已提交', locked: '已锁定' } as const;

function sheetStateLabel(sheet: SheetRow): string {
  if (sheet.absent) return '缺席';
  if (sheet.recused) return '回避';
  return STATE_LABELS[sheet.state];
}

/** The 汇总表 as xlsx bytes: a title row, the header, then one row per item × expert. */
export async function summaryWorkbook(scope: ExportScope, user: SessionUser): Promise<Buffer> {
  const [{ items, sheets }, results, head] = await Promise.all([
    scopeData(scope),
    roundResults(scope.roundId, user, scope.panelId ? { panelId: scope.panelId } : undefined),
    auditChainHead(),
  ]);
  const panels = await prisma.panel.findMany({
    where: { roundId: scope.roundId },
    select: { id: true, name: true },
  });
  const itemById = new Map(items.map((i) => [i.id, i]));
  const panelName = new Map(panels.map((p) => [p.id, p.name]));
  const resultById = new Map(results.results.map((r) => [r.itemId, r]));
  const names = expertNames(scope, sheets);
  const criteria = scope.scheme.rubric.criteria;
  const decimals = scope.scheme.aggregation.decimals ?? 2;

  // Items in the order of the results page: group, then rank (unranked last), then name.
  const order = [...itemById.values()].sort((a, b) => {
    const ra = resultById.get(a.id);
    const rb = resultById.get(b.id);
    const ga = a.group ?? '';
    const gb = b.group ?? '';
    if (ga !== gb) return ga < gb ? -1 : 1;
    const ka = ra?.rank ?? Number.POSITIVE_INFINITY;
    const kb = rb?.rank ?? Number.POSITIVE_INFINITY;
    if (ka !== kb) return ka - kb;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });

  const title = [
    `${scope.roundName}${scope.panelName ? ` · ${scope.panelName}` : ''} 评审结果汇总表`,
    `导出于 ${new Date().toISOString()}`,
    auditHeadLabel(head),
  ].join(' · ');
  const header = [
    '评审对象',
    '分组',
    '专家组',
    '专家',
    '评分表状态',
    ...criteria.map((c) => `${c.name}（${c.max}分）`),
    '合计',
    '对象得分',
    '等级',
    '名次',
    '有效评分 / 应评',
    '标记',
  ];
  const rows: (string | number | null)[][] = [[title], header];
  for (const item of order) {
    const result = resultById.get(item.id);
    const aggregate = [
      result?.score ?? null,
      result?.grade ? `${result.grade}${result.provisional ? '（暂定）' : ''}` : null,
      result?.rank ?? null,
      result ? `${result.experts} / ${result.expected}` : null,
      result ? result.flags.map(flagLabel).join('、') || null : null,
    ];
    for (const sheet of sheets.filter((s) => s.itemId === item.id)) {
      const counted = counts(sheet);
      const scores = counted ? parseScores(sheet.scores) : {};
      rows.push([
        item.name,
        item.group ?? '',
        sheet.panelId ? (panelName.get(sheet.panelId) ?? '') : '',
        names.get(sheet.expertId) ?? '',
        sheetStateLabel(sheet),
        ...criteria.map((c) => (Object.hasOwn(scores, c.id) ? scores[c.id] : null)),
        counted && sheet.total !== null ? Number(sheet.total) : null,
        ...aggregate,
      ]);
    }
  }
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } }];
  sheet['!cols'] = header.map((h, i) => ({ wch: i === 0 ? 36 : Math.max(8, h.length * 2 + 2) }));
  // Scores with the scheme's decimals, as the results page shows them.
  const scoreColumn = header.indexOf('对象得分');
  const format = decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
  for (let r = 2; r < rows.length; r++) {
    const cell = sheet[XLSX.utils.encode_cell({ r, c: scoreColumn })] as XLSX.CellObject | undefined;
    if (cell && cell.t === 'n') cell.z = format;
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '汇总表');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** The file name of an export (Chinese; sent with RFC 5987 encoding). */
export function exportFileName(scope: ExportScope, format: ExportFormat): string {
  const base = `${scope.roundName}${scope.panelName ? `-${scope.panelName}` : ''}`.replace(
    /[\\/:*?"<>|]+/g,
    '_',
  );
  if (format === 'xlsx') return `${base}-评审结果汇总表.xlsx`;
  if (format === 'scheme') return `${base}-评审方案.json`;
  return `${base}-评分数据.json`;
}
