// Paper that goes into the file (issue 10 §4): the four printouts of a defence session and their
// xlsx twins, built from one data model so the page and the workbook always agree.
//
// - 答辩安排表 (schedule): the planned timetable from plannedSlots (session-clock.ts), breaks included.
// - 专家评分表 (sheets): one expert's sheets for every item of the session, one item per A4 page,
//   with criteria, scores, the stored total, comment and veto reasons, and signature lines.
// - 汇总表 (summary): item × expert × criterion with each sheet's stored total and the item's stored
//   Result (aggregate, grade, flags); experts named (paper for the file), signed by the chair.
// - 签到表 (sign-in): the seated experts, their role, check-in time and a signature line.
//
// Every number is read from the stored ScoreSheet and Result rows: no second formula. Each printout
// carries the round, panel, session, the time of printing (Beijing) and the audit chain's head.
//
// Who may print: the agency and the panel's chair print everything; an expert prints only their own
// 专家评分表; others who may follow the session (seated members, department) see the 答辩安排表.
// Someone who may not follow the session gets the same 404 as a session that does not exist.
import XLSX from 'xlsx';
import { z } from 'zod';
import { auditChainHead, auditHeadLabel, type AuditHead } from '#app/models/audit.server';
import type { SessionUser } from '#app/models/auth.server';
import { engineScheme, parseScores, parseVetoProposals } from '#app/models/result.server';
import {
  canRunSession,
  mayFollowSession,
  readSessionSnapshot,
  sessionBreaks,
} from '#app/models/session.server';
import { flagLabel } from '#app/components/results/labels';
import { prisma } from '#app/utils/db.server';
import { fail, succeed, type Outcome } from '#app/utils/outcome';
import { plannedSlots } from '#app/utils/session-clock';

export const PAPER_TABLES = ['schedule', 'sheets', 'summary', 'sign-in'] as const;
export type PaperTable = (typeof PAPER_TABLES)[number];

export const PAPER_TITLES: Record<PaperTable, string> = {
  schedule: '答辩安排表',
  sheets: '专家评分表',
  summary: '评审汇总表',
  'sign-in': '专家签到表',
};

const SESSION_NOT_FOUND = '答辩会不存在';

/** The block at the top of every printout and workbook. */
export type PaperHead = {
  title: string;
  roundName: string;
  panelName: string;
  sessionName: string;
  venue: string | null;
  /** The session's planned start, Beijing time (YYYY-MM-DD HH:mm), or null. */
  scheduledAt: string | null;
  /** When this was printed, Beijing time (YYYY-MM-DD HH:mm:ss). */
  printedAt: string;
  chain: AuditHead;
  chainLabel: string;
};

export type ScheduleRow = {
  order: number;
  itemName: string;
  applicant: string;
  start: string | null;
  qaStart: string | null;
  scoringStart: string | null;
  end: string | null;
  /** A break after this applicant, in minutes (0 when none). */
  breakAfterMinutes: number;
};

export type SheetPage = {
  itemName: string;
  applicant: string;
  state: string;
  criteria: { group: string | null; name: string; max: number; score: number | null }[];
  total: string | null;
  comment: string | null;
  vetoes: { name: string; reason: string }[];
  submittedAt: string | null;
};

export type SummaryExpertRow = {
  expertName: string;
  state: string;
  scores: (number | null)[];
  total: string | null;
};

export type SummaryBlock = {
  itemName: string;
  applicant: string;
  experts: SummaryExpertRow[];
  score: string | null;
  grade: string | null;
  provisional: boolean;
  counted: string;
  flags: string[];
};

export type SignInRow = {
  order: number;
  expertName: string;
  organisation: string;
  title: string;
  role: string;
  checkedInAt: string | null;
};

export type Paper =
  | { table: 'schedule'; head: PaperHead; timings: string; rows: ScheduleRow[] }
  | {
      table: 'sheets';
      head: PaperHead;
      expert: { id: string; name: string; organisation: string; title: string };
      pages: SheetPage[];
    }
  | {
      table: 'summary';
      head: PaperHead;
      criteria: { name: string; max: number }[];
      chairName: string | null;
      blocks: SummaryBlock[];
    }
  | { table: 'sign-in'; head: PaperHead; rows: SignInRow[]; seated: number; quorum: number };

export const paperQuerySchema = z.strictObject({
  table: z.enum(PAPER_TABLES, { error: 'table：应为 schedule、sheets、summary 或 sign-in' }),
  format: z.literal('xlsx', { error: 'format：目前只支持 xlsx' }).default('xlsx'),
  expertId: z
    .string({ error: 'expertId：应为专家编号' })
    .min(1, { error: 'expertId：应为专家编号' })
    .max(64, { error: 'expertId：应为专家编号' })
    .optional(),
});

// ---------- Beijing time ----------

const BEIJING_MS = 8 * 3600_000;

function beijingParts(at: Date): string[] {
  const d = new Date(at.getTime() + BEIJING_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return [
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`,
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`,
    p(d.getUTCSeconds()),
  ];
}

/** `2026-12-03 09:30` in Beijing time. */
export function beijingMinute(at: Date): string {
  const [day, hm] = beijingParts(at);
  return `${day} ${hm}`;
}

/** `2026-12-03 09:30:05` in Beijing time. */
export function beijingSecond(at: Date): string {
  const [day, hm, s] = beijingParts(at);
  return `${day} ${hm}:${s}`;
}

/** `09:30` in Beijing time. */
function beijingTime(at: Date): string {
  return beijingParts(at)[1];
}

// ---------- Access and data ----------

const STATE_LABELS: Record<string, string> = { draft: '未提交', submitted: '已提交', locked: '已锁定' };

function sheetState(s: { state: string; recused: boolean; absent: boolean }): string {
  if (s.recused) return '已回避';
  if (s.absent) return '缺席';
  return STATE_LABELS[s.state] ?? s.state;
}

/** Scores count on paper only when the sheet is submitted or locked, and not recused or absent. */
function counts(s: { state: string; recused: boolean; absent: boolean }): boolean {
  return (s.state === 'submitted' || s.state === 'locked') && !s.recused && !s.absent;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    const value = JSON.parse(text) as unknown;
    return (value ?? fallback) as T;
  } catch {
    return fallback;
  }
}

const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

/** Whether the session exists and this viewer may follow it (else the same 404 for both). */
export async function paperSessionVisible(viewer: SessionUser, sessionId: string): Promise<boolean> {
  const exists = await prisma.defenceSession.findUnique({ where: { id: sessionId }, select: { id: true } });
  if (!exists) return false;
  return (await canRunSession(viewer, sessionId)) || (await mayFollowSession(viewer, sessionId));
}

/**
 * Who may print which table of this session. 404 for those who may not follow the session (and
 * for a session that does not exist); 403 for those who follow it but may not print that table.
 */
async function access(
  viewer: SessionUser,
  sessionId: string,
  table: PaperTable,
  expertId: string | undefined,
): Promise<Outcome<{ expertId: string | null }>> {
  const exists = await prisma.defenceSession.findUnique({ where: { id: sessionId }, select: { id: true } });
  if (!exists) return fail(404, SESSION_NOT_FOUND);
  const runs = await canRunSession(viewer, sessionId);
  if (!runs && !(await mayFollowSession(viewer, sessionId))) return fail(404, SESSION_NOT_FOUND);
  if (table === 'schedule') return succeed({ expertId: null });
  if (table === 'sheets') {
    const own = await prisma.expert.findUnique({ where: { userId: viewer.id }, select: { id: true } });
    const wanted = expertId ?? (runs ? undefined : own?.id);
    if (!wanted) return fail(400, 'expertId：请指定要打印评分表的专家');
    if (!runs && wanted !== own?.id) return fail(403, '只能打印本人的专家评分表');
    return succeed({ expertId: wanted });
  }
  if (!runs) return fail(403, `只有本组组长或第三方机构可以打印${PAPER_TITLES[table]}`);
  return succeed({ expertId: null });
}

/** One printout of a session, checked for this viewer. */
export async function sessionPaper(
  viewer: SessionUser,
  sessionId: string,
  table: PaperTable,
  options: { expertId?: string } = {},
  now = new Date(),
): Promise<Outcome<{ paper: Paper }>> {
  const allowed = await access(viewer, sessionId, table, options.expertId);
  if (!allowed.ok) return allowed;
  const [session, snapshot, chain] = await Promise.all([
    prisma.defenceSession.findUnique({
      where: { id: sessionId },
      select: {
        id: true,
        name: true,
        venue: true,
        scheduledAt: true,
        timers: true,
        checkIns: true,
        panel: {
          select: {
            id: true,
            name: true,
            quorum: true,
            round: {
              select: {
                name: true,
                scheme: { select: { id: true, version: true, definition: true } },
              },
            },
            members: {
              where: { status: 'drawn', role: { in: ['chair', 'member'] } },
              orderBy: [{ drawOrder: 'asc' }],
              select: {
                role: true,
                expert: { select: { id: true, name: true, organisationName: true, title: true } },
              },
            },
          },
        },
      },
    }),
    readSessionSnapshot(sessionId),
    auditChainHead(),
  ]);
  if (!session || !snapshot) return fail(404, SESSION_NOT_FOUND);
  const panel = session.panel;
  const head: PaperHead = {
    title: PAPER_TITLES[table],
    roundName: panel.round.name,
    panelName: panel.name,
    sessionName: session.name ?? '答辩会',
    venue: session.venue,
    scheduledAt: session.scheduledAt ? beijingMinute(session.scheduledAt) : null,
    printedAt: beijingSecond(now),
    chain,
    chainLabel: auditHeadLabel(chain),
  };
  const order = snapshot.order;
  const items = await prisma.item.findMany({
    where: { id: { in: order } },
    select: { id: true, name: true, organisation: { select: { name: true } } },
  });
  const itemById = new Map(items.map((i) => [i.id, i]));
  const ordered = order.map((id) => itemById.get(id)).filter((i) => i !== undefined);
  const members = panel.members;

  if (table === 'schedule') {
    const t = snapshot.timings;
    const slots = session.scheduledAt
      ? plannedSlots(session.scheduledAt, order, t, sessionBreaks(session))
      : null;
    const rows: ScheduleRow[] = order.map((itemId, index) => {
      const slot = slots?.[index];
      return {
        order: index + 1,
        itemName: itemById.get(itemId)?.name ?? '',
        applicant: itemById.get(itemId)?.organisation.name ?? '',
        start: slot ? beijingTime(slot.start) : null,
        qaStart: slot ? beijingTime(slot.qaStart) : null,
        scoringStart: slot ? beijingTime(slot.scoringStart) : null,
        end: slot ? beijingTime(slot.end) : null,
        breakAfterMinutes: slot ? minutes(slot.breakAfterSeconds) : 0,
      };
    });
    const timings = `陈述 ${minutes(t.presentationSeconds)} 分钟 · 问答 ${minutes(t.qaSeconds)} 分钟 · 评分 ${minutes(t.scoringSeconds)} 分钟`;
    return succeed({ paper: { table, head, timings, rows } });
  }

  if (table === 'sign-in') {
    const checkIns = parseJson<Record<string, string>>(session.checkIns, {});
    const rows: SignInRow[] = members.map((m, i) => {
      const at = checkIns[m.expert.id];
      const when = at ? new Date(at) : null;
      return {
        order: i + 1,
        expertName: m.expert.name,
        organisation: m.expert.organisationName,
        title: m.expert.title,
        role: m.role === 'chair' ? '组长' : '成员',
        checkedInAt: when && Number.isFinite(when.getTime()) ? beijingSecond(when) : null,
      };
    });
    return succeed({
      paper: { table, head, rows, seated: snapshot.seated, quorum: snapshot.quorum },
    });
  }

  const scheme = engineScheme(panel.round.scheme);
  const criteria = scheme.rubric.criteria;
  const vetoName = new Map((scheme.rubric.vetoes ?? []).map((v) => [v.id, v.name]));

  if (table === 'sheets') {
    const expertId = allowed.expertId as string;
    const expert = await prisma.expert.findUnique({
      where: { id: expertId },
      select: { id: true, name: true, organisationName: true, title: true },
    });
    const seated = members.some((m) => m.expert.id === expertId);
    const sheets = await prisma.scoreSheet.findMany({
      where: { expertId, itemId: { in: order } },
      select: {
        itemId: true,
        state: true,
        recused: true,
        absent: true,
        scores: true,
        total: true,
        comment: true,
        vetoProposals: true,
        submittedAt: true,
      },
    });
    if (!expert || (!seated && sheets.length === 0)) return fail(404, '该专家不在本答辩会的专家组中');
    const byItem = new Map(sheets.map((s) => [s.itemId, s]));
    const pages: SheetPage[] = ordered.map((item) => {
      const sheet = byItem.get(item.id);
      const shown = sheet !== undefined && counts(sheet);
      const scores = shown ? parseScores(sheet.scores) : {};
      return {
        itemName: item.name,
        applicant: item.organisation.name,
        state: sheet ? sheetState(sheet) : '无评分表',
        criteria: criteria.map((c) => ({
          group: c.group ?? null,
          name: c.name,
          max: c.max,
          score: Object.hasOwn(scores, c.id) ? scores[c.id] : null,
        })),
        total: shown ? sheet.total : null,
        comment: shown ? (sheet.comment ?? null) : null,
        vetoes: shown
          ? parseVetoProposals(sheet.vetoProposals).map((v) => ({
              name: vetoName.get(v.vetoId) ?? v.vetoId,
              reason: v.reason,
            }))
          : [],
        submittedAt: shown && sheet.submittedAt ? beijingSecond(sheet.submittedAt) : null,
      };
    });
    return succeed({
      paper: {
        table,
        head,
        expert: {
          id: expert.id,
          name: expert.name,
          organisation: expert.organisationName,
          title: expert.title,
        },
        pages,
      },
    });
  }

  // 汇总表
  const [sheets, results] = await Promise.all([
    prisma.scoreSheet.findMany({
      where: { itemId: { in: order } },
      select: {
        itemId: true,
        expertId: true,
        state: true,
        recused: true,
        absent: true,
        scores: true,
        total: true,
        expert: { select: { name: true } },
      },
    }),
    prisma.result.findMany({
      where: { itemId: { in: order } },
      select: {
        itemId: true,
        score: true,
        grade: true,
        finalGrade: true,
        provisional: true,
        experts: true,
        expected: true,
        flags: true,
      },
    }),
  ]);
  const seat = new Map(members.map((m, i) => [m.expert.id, i]));
  const resultById = new Map(results.map((r) => [r.itemId, r]));
  const blocks: SummaryBlock[] = ordered.map((item) => {
    const rows = sheets
      .filter((s) => s.itemId === item.id)
      .sort(
        (a, b) =>
          (seat.get(a.expertId) ?? 1e9) - (seat.get(b.expertId) ?? 1e9) || (a.expertId < b.expertId ? -1 : 1),
      );
    const result = resultById.get(item.id);
    return {
      itemName: item.name,
      applicant: item.organisation.name,
      experts: rows.map((s) => {
        const shown = counts(s);
        const scores = shown ? parseScores(s.scores) : {};
        return {
          expertName: s.expert.name,
          state: sheetState(s),
          scores: criteria.map((c) => (Object.hasOwn(scores, c.id) ? scores[c.id] : null)),
          total: shown ? s.total : null,
        };
      }),
      score: result?.score ?? null,
      grade: result ? (result.finalGrade ?? result.grade) : null,
      provisional: result?.provisional ?? false,
      counted: result ? `${result.experts} / ${result.expected}` : '—',
      flags: result ? parseJson<string[]>(result.flags, []).map(flagLabel) : [],
    };
  });
  const chair = members.find((m) => m.role === 'chair');
  return succeed({
    paper: {
      table,
      head,
      criteria: criteria.map((c) => ({ name: c.name, max: c.max })),
      chairName: chair?.expert.name ?? null,
      blocks,
    },
  });
}

// ---------- xlsx ----------

type Cell = string | number | null;

function headRows(head: PaperHead): Cell[][] {
  return [
    [head.title],
    ['评审工作', head.roundName],
    ['专家组', head.panelName],
    [
      '答辩会',
      [head.sessionName, head.scheduledAt, head.venue].filter((v): v is string => Boolean(v)).join(' · '),
    ],
    ['打印时间', `${head.printedAt}（北京时间）`],
    ['审计链头', `${head.chainLabel} · ${head.chain.hash}`],
    [],
  ];
}

function num(text: string | null): Cell {
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** The rows of a printout as a worksheet: the header block, then the table(s). */
export function paperRows(paper: Paper): Cell[][] {
  const rows = headRows(paper.head);
  if (paper.table === 'schedule') {
    rows.push(['每位申报单位', paper.timings], []);
    rows.push([
      '序号',
      '平台名称',
      '申报单位',
      '陈述开始',
      '问答开始',
      '评分开始',
      '结束',
      '其后休息（分钟）',
    ]);
    for (const r of paper.rows)
      rows.push([
        r.order,
        r.itemName,
        r.applicant,
        r.start,
        r.qaStart,
        r.scoringStart,
        r.end,
        r.breakAfterMinutes || null,
      ]);
  } else if (paper.table === 'sign-in') {
    rows.push(['应到专家', paper.seated, '法定人数', paper.quorum], []);
    rows.push(['序号', '专家姓名', '工作单位', '职称', '组内职务', '签到时间', '本人签名']);
    for (const r of paper.rows)
      rows.push([r.order, r.expertName, r.organisation, r.title, r.role, r.checkedInAt ?? '未签到', '']);
  } else if (paper.table === 'sheets') {
    rows.push([
      '评审专家',
      paper.expert.name,
      '工作单位',
      paper.expert.organisation,
      '职称',
      paper.expert.title,
    ]);
    rows.push([]);
    rows.push(['平台名称', '申报单位', '评分表状态', '分组', '评分项', '分值', '得分']);
    for (const page of paper.pages) {
      for (const c of page.criteria)
        rows.push([page.itemName, page.applicant, page.state, c.group ?? '', c.name, c.max, c.score]);
      rows.push([page.itemName, page.applicant, page.state, '', '合计', null, num(page.total)]);
      if (page.vetoes.length)
        rows.push([
          page.itemName,
          page.applicant,
          page.state,
          '',
          '否决提议',
          null,
          page.vetoes.map((v) => `${v.name}：${v.reason}`).join('；'),
        ]);
      if (page.comment)
        rows.push([page.itemName, page.applicant, page.state, '', '评审意见', null, page.comment]);
    }
  } else {
    rows.push([
      '平台名称',
      '申报单位',
      '专家',
      '评分表状态',
      ...paper.criteria.map((c) => `${c.name}（${c.max}分）`),
      '合计',
      '对象得分',
      '等级',
      '有效评分 / 应评',
      '标记',
    ]);
    for (const block of paper.blocks) {
      const aggregate: Cell[] = [
        num(block.score),
        block.grade ? `${block.grade}${block.provisional ? '（暂定）' : ''}` : null,
        block.counted,
        block.flags.join('、') || null,
      ];
      if (block.experts.length === 0)
        rows.push([
          block.itemName,
          block.applicant,
          null,
          null,
          ...paper.criteria.map(() => null),
          null,
          ...aggregate,
        ]);
      for (const e of block.experts)
        rows.push([
          block.itemName,
          block.applicant,
          e.expertName,
          e.state,
          ...e.scores,
          num(e.total),
          ...aggregate,
        ]);
    }
  }
  return rows;
}

const SHEET_NAMES: Record<PaperTable, string> = {
  schedule: '答辩安排表',
  sheets: '专家评分表',
  summary: '汇总表',
  'sign-in': '签到表',
};

export function paperWorkbook(paper: Paper): Buffer {
  const rows = paperRows(paper);
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  const width = Math.max(...rows.map((r) => r.length));
  sheet['!cols'] = Array.from({ length: width }, (_, i) => ({ wch: i < 3 ? 28 : 14 }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, SHEET_NAMES[paper.table]);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

export function paperFileName(paper: Paper): string {
  const who = paper.table === 'sheets' ? `-${paper.expert.name}` : '';
  return `${paper.head.roundName}-${paper.head.panelName}-${paper.head.sessionName}-${PAPER_TITLES[paper.table]}${who}.xlsx`.replace(
    /[\\/:*?"<>|]+/g,
    '_',
  );
}
