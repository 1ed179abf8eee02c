// Platform lifecycle (动态管理): from a platform's evaluation history to its status each year.
//
// MIIT (工信部科〔2025〕261号 第十八—十九条) and Sichuan (川经信规〔2025〕9号 第十八—十九条):
//   recognition (认定) lists the platform; an annual evaluation (年度评价) every year except the year of
//   the triennial comprehensive review (综合评审, every 3 years); a triennial 不合格 starts one year of
//   rectification (整改) and a triennial review the next year; absent from it or 不合格 again → removed.
//   A 第十九条 ground (无故不参加评审, 弄虚作假, …) removes at once; no new application for 3 years.
// Shanghai (沪科规〔2022〕2号 第二十二—二十三条): a performance evaluation (绩效评估) every year;
//   不合格 → rectification within a time limit; two consecutive 不合格, refusing inspection or failed
//   rectification, serious fraud, or the host unable to continue → no longer listed. The Shanghai
//   measures set no re-application ban, so bannedUntil stays null there.
import type {
  EvaluationKind,
  HistoryEntry,
  Jurisdiction,
  LifecycleResult,
  LifecycleYear,
  PlatformStatus,
  RemovalGround,
} from './types';

/** A status of the verdict engine: the directory's four plus 须重新认定. */
export type VerdictStatus = Exclude<PlatformStatus, 'applicant'> | 're-recognition-required';
type AnyStatus = PlatformStatus | 're-recognition-required';

// An entry as the state machine reads it: the directory's HistoryEntry, or one of the verdict
// engine's extra kinds (整改验收 rectification, a stated ground), with an absence's cause.
interface Entry {
  year: number;
  kind: EvaluationKind | 'rectification' | 'ground';
  grade?: string | null;
  absent?: boolean;
  withCause?: boolean;
  removalGround?: RemovalGround;
  reRecognition?: boolean; // 第十七条 法人主体重大变更
  branch?: boolean; // MIIT 第二十条: a recognised branch of a recognised unit is removed
}

interface Mode {
  // Verdict mode: a listed platform whose triennial year passed without the review lapses
  // (须重新认定). The directory's platformLifecycle keeps the older reading (no lapse).
  lapse: boolean;
}

const TRIENNIAL_CYCLE = 3;
const BAN_YEARS = 3;

const KIND_ORDER: Record<Entry['kind'], number> = {
  recognition: 0,
  annual: 1,
  performance: 2,
  triennial: 3,
  rectification: 4,
  ground: 5,
};

const PASSING_RECOGNITION = new Set(['推荐', '通过', '认定', '合格']);
const FAILING_RECOGNITION = new Set(['不推荐', '不通过', '不合格']);

const REMOVAL_TEXT: Record<Jurisdiction, Partial<Record<RemovalGround, string>>> = {
  miit: {
    absent: '第十九条（一）无故不参加评审',
    fraud: '第十九条（二）申报或评审过程中弄虚作假',
    unable_to_operate: '第十九条（三）无法正常运行或提供服务',
    serious_incident: '第十九条（四）出现安全责任事故、违法违规行为等造成社会严重不良影响',
    failed_twice: '第十八条（二）整改后综合评审仍不合格',
  },
  sichuan: {
    absent: '第十九条（一）无故不参加评审',
    fraud: '第十九条（二）申报或评审过程中弄虚作假',
    unable_to_operate: '第十九条（三）无法正常运行或提供服务',
    serious_incident: '第十九条（四）出现安全责任事故、违法违规行为等造成社会严重不良影响',
    voluntary_withdrawal: '第十九条（五）服务平台自行要求撤销',
    host_dissolved: '第十九条（六）服务平台依托单位被依法终止',
    dishonesty: '第十九条（七）存在其他严重违法、违规及失信情况',
    failed_twice: '第十八条（二）整改后综合评审仍不合格',
  },
  shanghai: {
    failed_twice: '第二十三条（一）连续两次绩效评估为“不合格”',
    absent: '第二十三条（二）不接受市科委检查、监督和评估',
    refused_inspection: '第二十三条（二）不接受市科委检查、监督和评估或整改不合格',
    fraud: '第二十三条（三）评估过程中出现严重弄虚作假',
    host_dissolved: '第二十三条（四）依托单位无法继续发挥服务平台服务功能',
    unable_to_operate: '第二十三条（四）依托单位无法继续发挥服务平台服务功能',
  },
};

const GROUND_NAMES: Record<RemovalGround, string> = {
  absent: '无故不参加评审',
  fraud: '弄虚作假',
  unable_to_operate: '无法正常运行或提供服务',
  serious_incident: '重大事故或违法违规',
  voluntary_withdrawal: '主动申请退出',
  host_dissolved: '依托单位终止',
  dishonesty: '严重失信',
  refused_inspection: '拒不接受检查或整改不合格',
  failed_twice: '连续不合格',
};

const DOCUMENT: Record<Jurisdiction, string> = {
  miit: '工信部科〔2025〕261号',
  sichuan: '川经信规〔2025〕9号',
  shanghai: '沪科规〔2022〕2号',
};

// What each document calls a removal: 261号 移出名录, 川经信规〔2025〕9号 取消服务平台资格,
// 沪科规〔2022〕2号 不再列入服务平台序列.
const REMOVAL_WORD: Record<Jurisdiction, string> = {
  miit: '移出名录',
  sichuan: '取消服务平台资格',
  shanghai: '不再列入服务平台序列',
};

function removalText(jurisdiction: Jurisdiction, ground: RemovalGround): string {
  const article = REMOVAL_TEXT[jurisdiction][ground];
  return article ? `${DOCUMENT[jurisdiction]}${article}` : GROUND_NAMES[ground];
}

interface State {
  status: AnyStatus;
  due: number | null; // MIIT/Sichuan: the year the next 综合评审 is due (cycle or re-review)
  citation: string | null; // the article behind the current status (rectifying, removed, 须重新认定)
  cycleStart: number | null; // year the current three-year cycle began (recognition or last triennial)
  failedLast: boolean; // Shanghai: the previous performance evaluation was 不合格
  rectifyingSince: number | null; // MIIT/Sichuan: year of the triennial 不合格 being rectified
  removedIn: number | null;
  bannedUntil: number | null;
  lastYear: number;
  branchBar: boolean; // removed as a branch (第二十条): not granted again while it is one
}

function sortHistory(history: Entry[]): Entry[] {
  return history
    .map((entry, i) => ({ entry, i }))
    .sort(
      (a, b) =>
        a.entry.year - b.entry.year || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.i - b.i,
    )
    .map(({ entry }) => entry);
}

function remove(
  state: State,
  jurisdiction: Jurisdiction,
  year: number,
  ground: RemovalGround,
  why = removalText(jurisdiction, ground),
): string {
  state.status = 'removed';
  state.removedIn = year;
  state.citation = why;
  state.bannedUntil = jurisdiction === 'shanghai' ? null : year + BAN_YEARS;
  const ban = state.bannedUntil === null ? '' : `，${state.bannedUntil}年底前不受理其申报`;
  return `${REMOVAL_WORD[jurisdiction]}：${why}${ban}`;
}

const BRANCH_ARTICLE = `${DOCUMENT.miit}第二十条 被认定为服务平台的单位，其已认定为服务平台的分支机构原则上将移出名录`;

// Applies one entry and explains what happened, in Chinese.
function apply(state: State, jurisdiction: Jurisdiction, e: Entry): string {
  const grade = e.grade ?? null;
  const doc = DOCUMENT[jurisdiction];

  if (e.kind === 'recognition') {
    if (state.status === 'removed' && state.bannedUntil !== null && e.year <= state.bannedUntil) {
      return `${state.bannedUntil}年底前不受理申报，本次申报无效`;
    }
    if (state.status === 'listed' || state.status === 'rectifying') return '已在名录中，认定记录不改变状态';
    if (e.removalGround) return `申报未通过：${removalText(jurisdiction, e.removalGround)}`;
    if (grade !== null && PASSING_RECOGNITION.has(grade)) {
      state.status = 'listed';
      state.cycleStart = e.year;
      state.failedLast = false;
      state.removedIn = null;
      state.bannedUntil = null;
      state.citation = null;
      state.due = jurisdiction === 'shanghai' ? null : e.year + TRIENNIAL_CYCLE;
      return `认定${grade}，列入名录`;
    }
    if (grade !== null && FAILING_RECOGNITION.has(grade)) return `认定${grade}，未列入名录`;
    return '认定结果待定';
  }

  if (state.status === 'removed') return `已${REMOVAL_WORD[jurisdiction]}，该记录不改变状态`;
  if (state.status === 're-recognition-required') return '须重新认定，该记录不改变状态';
  if (state.status === 'applicant') {
    // History that starts with an evaluation belongs to a platform listed before the records begin.
    state.status = 'listed';
  }

  if (e.reRecognition) {
    state.status = 're-recognition-required';
    state.citation = `${doc}第十七条 依托单位出现合并拆分等法人主体重大变更，须重新认定`;
    return `须重新认定：${state.citation}`;
  }
  if (e.branch) {
    // 第二十条 sets no 3-year ban (that is 第十九条's); a branch is not granted the status at all.
    state.status = 'removed';
    state.removedIn = e.year;
    state.bannedUntil = null;
    state.branchBar = true;
    state.citation = BRANCH_ARTICLE;
    return `${REMOVAL_WORD[jurisdiction]}：${BRANCH_ARTICLE}`;
  }
  if (e.removalGround) return remove(state, jurisdiction, e.year, e.removalGround);
  if (e.kind === 'ground') return '记录';

  if (e.kind === 'rectification') {
    if (jurisdiction !== 'shanghai') return '整改情况记录（是否恢复以次年度综合评审结果为准）';
    if (grade === '不合格') {
      return remove(state, jurisdiction, e.year, 'refused_inspection', `${doc}第二十三条（二）整改不合格`);
    }
    if (grade === '合格' && state.status === 'rectifying') {
      state.status = 'listed';
      state.citation = null;
      return '整改合格，恢复正常';
    }
    return grade === null ? '整改情况记录' : `整改${grade}`;
  }

  if (e.absent && e.withCause) {
    // 有正当理由未参加：不是“无故不参加评审”，不移出；评审未进行，综合评审顺延一年。
    if (jurisdiction !== 'shanghai' && e.kind === 'triennial' && state.due !== null && state.due <= e.year) {
      state.due = e.year + 1;
      return `有正当理由未参加综合评审，顺延至${e.year + 1}年参加`;
    }
    return jurisdiction === 'shanghai'
      ? '有正当理由未参加绩效评估（不属于不接受评估）'
      : `有正当理由未参加${e.kind === 'triennial' ? '综合评审' : '年度评价'}（不属于无故不参加评审）`;
  }
  if (e.absent) {
    if (jurisdiction === 'shanghai') return remove(state, jurisdiction, e.year, 'refused_inspection');
    // Missing the re-review after rectification is its own ground in 第十八条（二）.
    const why =
      state.status === 'rectifying'
        ? `${DOCUMENT[jurisdiction]}第十八条（二）不参加整改后次年度综合评审`
        : undefined;
    return remove(state, jurisdiction, e.year, 'absent', why);
  }
  if (grade === null) return '评价结果待定';

  if (jurisdiction === 'shanghai') {
    if (grade === '不合格') {
      if (state.failedLast) return remove(state, jurisdiction, e.year, 'failed_twice');
      state.failedLast = true;
      state.status = 'rectifying';
      state.citation = `${doc}第二十二条 评估结果为“不合格”的服务平台，将责令限期整改`;
      return '绩效评估不合格，责令限期整改；再次不合格将不再列入服务平台序列';
    }
    state.failedLast = false;
    state.status = 'listed';
    state.citation = null;
    return `绩效评估${grade}`;
  }

  if (e.kind === 'triennial') {
    if (grade === '不合格') {
      if (state.status === 'rectifying') return remove(state, jurisdiction, e.year, 'failed_twice');
      state.status = 'rectifying';
      state.rectifyingSince = e.year;
      state.due = e.year + 1;
      state.citation = `${doc}第十八条（二）综合评审不合格，整改1年并于次年度参加综合评审`;
      return `综合评审不合格，整改1年，${e.year + 1}年再次参加综合评审`;
    }
    const wasRectifying = state.status === 'rectifying';
    state.status = 'listed';
    state.rectifyingSince = null;
    state.cycleStart = e.year;
    state.due = e.year + TRIENNIAL_CYCLE;
    state.citation = null;
    return wasRectifying ? `整改后综合评审${grade}，恢复正常` : `综合评审${grade}`;
  }

  // Annual evaluation: 合格/不合格 feeds the next triennial review and changes no status by itself.
  return grade === '不合格' ? '年度评价不合格（作为综合评审的重要参考）' : `年度评价${grade}`;
}

// 第十八条（二）: a platform rectifying since year F must take the triennial review in F + 1. When the
// history reaches a later year and the platform is still rectifying, it did not: removed in F + 1.
// In verdict mode the same holds for a listed platform's triennial year: when the history passes it
// without the review, the three-year cycle lapsed and the platform must be recognised again.
function missedReReview(
  state: State,
  jurisdiction: Jurisdiction,
  nextYear: number,
  years: YearRow[],
  mode: Mode,
) {
  if (jurisdiction === 'shanghai' || state.due === null) return;
  const due = state.due;
  if (nextYear <= due) return;
  let reason: string;
  if (state.status === 'rectifying') {
    reason = remove(
      state,
      jurisdiction,
      due,
      'absent',
      `${DOCUMENT[jurisdiction]}第十八条（二）不参加整改后次年度综合评审`,
    );
  } else if (mode.lapse && state.status === 'listed') {
    state.status = 're-recognition-required';
    state.citation = `${DOCUMENT[jurisdiction]}第十八条（二）服务平台每3年开展一次综合评审（${due}年未参加综合评审，认定周期已届满）`;
    state.due = null;
    reason = `须重新认定：${state.citation}`;
  } else return;
  for (let gap = state.lastYear + 1; years.length > 0 && gap < due; gap++) {
    years.push({ year: gap, status: years.at(-1)!.status, reason: '本年度无评价记录' });
  }
  const last = years.at(-1);
  if (last && last.year === due) {
    last.status = state.status;
    last.reason = `${last.reason}；${reason}`;
  } else {
    years.push({ year: due, status: state.status, reason });
  }
  state.lastYear = due;
}

function nextReview(state: State, jurisdiction: Jurisdiction): LifecycleResult['nextReview'] {
  const year = state.lastYear + 1;
  if (state.status !== 'listed' && state.status !== 'rectifying') return null;
  if (jurisdiction === 'shanghai') return { year, kind: 'performance' };
  if (state.status === 'rectifying') return { year, kind: 'triennial' };
  // A platform in its triennial year skips that year's annual evaluation (第十八条（二）).
  if (state.cycleStart !== null && (year - state.cycleStart) % TRIENNIAL_CYCLE === 0) {
    return { year, kind: 'triennial' };
  }
  return { year, kind: 'annual' };
}

type YearRow = { year: number; status: AnyStatus; reason?: string };

function runLifecycle(jurisdiction: Jurisdiction, history: Entry[], mode: Mode, untilYear?: number) {
  const entries = sortHistory(history);
  const state: State = {
    status: 'applicant',
    due: null,
    citation: null,
    cycleStart: null,
    failedLast: false,
    rectifyingSince: null,
    removedIn: null,
    bannedUntil: null,
    lastYear: entries.length > 0 ? entries[0].year : 0,
    branchBar: false,
  };
  const years: YearRow[] = [];
  const fillTo = (year: number) => {
    for (let gap = state.lastYear + 1; years.length > 0 && gap < year; gap++) {
      years.push({
        year: gap,
        status: state.status,
        reason: '本年度无评价记录',
      });
    }
  };
  for (const e of entries) {
    missedReReview(state, jurisdiction, e.year, years, mode);
    fillTo(e.year);
    const reason = apply(state, jurisdiction, e);
    state.lastYear = e.year;
    const last = years.at(-1);
    if (last && last.year === e.year) {
      last.status = state.status;
      last.reason = `${last.reason}；${reason}`;
    } else {
      years.push({ year: e.year, status: state.status, reason });
    }
  }
  if (untilYear !== undefined && years.length > 0 && untilYear > state.lastYear) {
    missedReReview(state, jurisdiction, untilYear, years, mode);
    fillTo(untilYear + 1);
    state.lastYear = Math.max(state.lastYear, untilYear);
  }
  return { state, years, entries };
}

/**
 * Status per year from a platform's history. Years between entries carry the status over; an
 * entry order within a year is recognition, annual/performance, triennial. `bannedUntil` is the last
 * year in which a new application is refused (removal year + 3; none in Shanghai). `nextReview`
 * is the evaluation due the year after the last entry; when no recognition or triennial year is
 * known the three-year cycle cannot be placed and an annual evaluation is assumed.
 */
export function platformLifecycle(jurisdiction: Jurisdiction, history: HistoryEntry[]): LifecycleResult {
  const { state, years, entries } = runLifecycle(jurisdiction, history, { lapse: false });
  // Without the verdict mode's lapse and 第十七条 entries no 须重新认定 can arise.
  return {
    years: years as LifecycleYear[],
    status: state.status as PlatformStatus,
    removedIn: state.removedIn,
    bannedUntil: state.bannedUntil,
    nextReview: entries.length === 0 ? null : nextReview(state, jurisdiction),
  };
}

// ---------- The verdict engine behind `pingshen lifecycle` ----------

export type LifecycleEventType = 'annual' | 'triennial' | 'performance' | 'rectification' | 'ground';
export type LifecycleEventResult = '合格' | '不合格' | '优秀' | '良好' | '一般' | 'absent';

export interface LifecycleEvent {
  year: number;
  type: LifecycleEventType;
  result?: LifecycleEventResult;
  ground?: string;
  withCause?: boolean;
}

export interface PlatformHistoryInput {
  id: string;
  recognisedYear: number;
  asOf: number; // a year: events of later years are not applied
  events: LifecycleEvent[];
  applyProbes?: number[];
}

export interface LifecycleVerdict {
  id: string;
  status: VerdictStatus;
  removedYear: number | null;
  ground: string | null; // the article behind the status; null while listed
  bannedUntil: number | null;
  mayApply: Record<string, boolean>;
}

export interface LifecycleGround {
  id: string;
  article: string;
}

/** The grounds a `ground` event may name, per jurisdiction, with the article each cites. */
export const LIFECYCLE_GROUNDS: Record<Jurisdiction, LifecycleGround[]> = {
  miit: [
    ...(['absent', 'fraud', 'unable_to_operate', 'serious_incident'] as const).map((id) => ({
      id,
      article: `${DOCUMENT.miit}${REMOVAL_TEXT.miit[id]}`,
    })),
    {
      id: 'major_change',
      article: `${DOCUMENT.miit}第十七条 依托单位出现合并拆分等法人主体重大变更，须重新认定`,
    },
    { id: 'branch', article: BRANCH_ARTICLE },
  ],
  sichuan: [
    ...(
      [
        'absent',
        'fraud',
        'unable_to_operate',
        'serious_incident',
        'voluntary_withdrawal',
        'host_dissolved',
        'dishonesty',
      ] as const
    ).map((id) => ({ id, article: `${DOCUMENT.sichuan}${REMOVAL_TEXT.sichuan[id]}` })),
    {
      id: 'major_change',
      article: `${DOCUMENT.sichuan}第十七条 依托单位出现合并拆分等法人主体重大变更，须重新认定`,
    },
  ],
  shanghai: (['refused_inspection', 'fraud', 'host_dissolved'] as const).map((id) => ({
    id,
    article: `${DOCUMENT.shanghai}${REMOVAL_TEXT.shanghai[id]}`,
  })),
};

/** Which evaluation types and results each jurisdiction's documents know. */
export const LIFECYCLE_RESULTS: Record<
  Jurisdiction,
  Partial<Record<LifecycleEventType, LifecycleEventResult[]>>
> = {
  miit: {
    annual: ['合格', '不合格', 'absent'],
    triennial: ['优秀', '合格', '不合格', 'absent'],
    rectification: ['合格', '不合格'],
  },
  sichuan: {
    annual: ['合格', '不合格', 'absent'],
    triennial: ['优秀', '合格', '不合格', 'absent'],
    rectification: ['合格', '不合格'],
  },
  shanghai: {
    performance: ['优秀', '良好', '一般', '不合格', 'absent'],
    rectification: ['合格', '不合格'],
  },
};

const RESULT_TYPES = new Set<LifecycleEventType>(['annual', 'triennial', 'performance']);

const TYPE_NAMES: Record<LifecycleEventType, string> = {
  annual: '年度评价',
  triennial: '综合评审',
  performance: '绩效评估',
  rectification: '整改',
  ground: '情形',
};

function eventLabel(h: PlatformHistoryInput, i: number): string {
  const e = h.events[i];
  return `历史“${h.id}”第${i + 1}条记录（${e.year}年${TYPE_NAMES[e.type] ?? e.type}）`;
}

/**
 * A history's own consistency, in Chinese, naming the history and the event: no event before the
 * recognition year, at most one evaluation result per year, a result on every evaluation and none
 * on a ground, results and grounds that the jurisdiction's documents know, a cause only on an
 * absence, asOf not before recognition.
 */
export function checkPlatformHistory(jurisdiction: Jurisdiction, h: PlatformHistoryInput): string[] {
  const problems: string[] = [];
  const doc = DOCUMENT[jurisdiction];
  if (h.asOf < h.recognisedYear) {
    problems.push(`历史“${h.id}”：asOf（${h.asOf}年）早于认定年份 ${h.recognisedYear} 年`);
  }
  const resultYear = new Map<number, number>();
  h.events.forEach((e, i) => {
    const where = eventLabel(h, i);
    if (e.year < h.recognisedYear) {
      problems.push(`${where}：早于认定年份 ${h.recognisedYear} 年，认定前不可能有评价结果或情形`);
    }
    const allowed = LIFECYCLE_RESULTS[jurisdiction][e.type];
    if (e.type !== 'ground' && allowed === undefined) {
      const types = Object.keys(LIFECYCLE_RESULTS[jurisdiction]).filter((t) => t !== 'rectification');
      problems.push(`${where}：${doc}没有“${e.type}”类评价，应为 ${types.join(' 或 ')}`);
    }
    if (e.type === 'ground') {
      if (e.ground === undefined) problems.push(`${where}：缺少 ground（情形编号）`);
      else if (!LIFECYCLE_GROUNDS[jurisdiction].some((g) => g.id === e.ground)) {
        const ids = LIFECYCLE_GROUNDS[jurisdiction].map((g) => g.id).join('、');
        problems.push(`${where}：未知情形“${e.ground}”，${doc}的情形编号为 ${ids}`);
      }
      if (e.result !== undefined) problems.push(`${where}：情形记录不应带 result`);
    } else {
      if (e.ground !== undefined) problems.push(`${where}：只有 type 为 ground 的记录可以带 ground`);
      if (RESULT_TYPES.has(e.type) && e.result === undefined) {
        problems.push(`${where}：缺少 result（评价结果）`);
      }
      if (allowed !== undefined && e.result !== undefined && !allowed.includes(e.result)) {
        problems.push(
          `${where}：结果“${e.result}”无效，${TYPE_NAMES[e.type]}的结果应为 ${allowed.join('、')}`,
        );
      }
    }
    if (e.withCause !== undefined && e.result !== 'absent') {
      problems.push(`${where}：withCause 只用于 result 为 absent（未参加）的记录`);
    }
    if (RESULT_TYPES.has(e.type) && e.result !== undefined) {
      const first = resultYear.get(e.year);
      if (first !== undefined) {
        problems.push(`${where}：与第${first + 1}条记录同为 ${e.year} 年的评价结果，一年只能有一个评价结果`);
      } else resultYear.set(e.year, i);
    }
  });
  return problems;
}

function toEntry(e: LifecycleEvent): Entry {
  const entry: Entry = { year: e.year, kind: e.type };
  if (e.type === 'ground') {
    if (e.ground === 'major_change') entry.reRecognition = true;
    else if (e.ground === 'branch') entry.branch = true;
    else entry.removalGround = e.ground as RemovalGround;
    return entry;
  }
  if (e.result === 'absent') {
    entry.absent = true;
    if (e.withCause) entry.withCause = true;
  } else if (e.result !== undefined) entry.grade = e.result;
  return entry;
}

/** Whether a new application (申报) in `year` would be accepted, from the status that year. */
function mayApplyIn(
  status: AnyStatus,
  year: number,
  bannedUntil: number | null,
  branchBar: boolean,
): boolean {
  if (status === 'applicant' || status === 're-recognition-required') return true;
  if (status === 'removed') return !branchBar && (bannedUntil === null || year > bannedUntil);
  return false; // listed or rectifying: already in the directory
}

/**
 * The status of a history as of its `asOf` year (see docs/scoring.md §8.1). Assumes
 * checkPlatformHistory found nothing. Events after asOf are not applied; `ignored` counts them.
 */
export function lifecycleVerdict(
  jurisdiction: Jurisdiction,
  h: PlatformHistoryInput,
): { verdict: LifecycleVerdict; ignored: number; years: LifecycleYear[] } {
  const applied = h.events.filter((e) => e.year <= h.asOf);
  const entries: Entry[] = [
    { year: h.recognisedYear, kind: 'recognition', grade: '认定' },
    ...applied.map(toEntry),
  ];
  const { state, years } = runLifecycle(jurisdiction, entries, { lapse: true }, h.asOf);
  const statusIn = (year: number): AnyStatus => {
    if (year < h.recognisedYear) return 'applicant';
    return years.find((y) => y.year === year)?.status ?? state.status;
  };
  const mayApply: Record<string, boolean> = {};
  for (const year of [...new Set(h.applyProbes ?? [])].sort((a, b) => a - b)) {
    mayApply[String(year)] = mayApplyIn(statusIn(year), year, state.bannedUntil, state.branchBar);
  }
  const status = state.status as VerdictStatus;
  return {
    verdict: {
      id: h.id,
      status,
      removedYear: status === 'removed' ? state.removedIn : null,
      ground: status === 'listed' ? null : state.citation,
      bannedUntil: status === 'removed' ? state.bannedUntil : null,
      mayApply,
    },
    ignored: h.events.length - applied.length,
    years: years as LifecycleYear[],
  };
}
