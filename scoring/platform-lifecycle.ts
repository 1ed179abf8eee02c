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

const TRIENNIAL_CYCLE = 3;
const BAN_YEARS = 3;

const KIND_ORDER: Record<EvaluationKind, number> = {
  recognition: 0,
  annual: 1,
  performance: 2,
  triennial: 3,
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
  status: PlatformStatus;
  cycleStart: number | null; // year the current three-year cycle began (recognition or last triennial)
  failedLast: boolean; // Shanghai: the previous performance evaluation was 不合格
  rectifyingSince: number | null; // MIIT/Sichuan: year of the triennial 不合格 being rectified
  removedIn: number | null;
  bannedUntil: number | null;
  lastYear: number;
}

function sortHistory(history: HistoryEntry[]): HistoryEntry[] {
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
  state.bannedUntil = jurisdiction === 'shanghai' ? null : year + BAN_YEARS;
  const ban = state.bannedUntil === null ? '' : `，${state.bannedUntil}年底前不受理其申报`;
  return `${REMOVAL_WORD[jurisdiction]}：${why}${ban}`;
}

// Applies one entry and explains what happened, in Chinese.
function apply(state: State, jurisdiction: Jurisdiction, e: HistoryEntry): string {
  const grade = e.grade ?? null;

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
      return `认定${grade}，列入名录`;
    }
    if (grade !== null && FAILING_RECOGNITION.has(grade)) return `认定${grade}，未列入名录`;
    return '认定结果待定';
  }

  if (state.status === 'removed') return `已${REMOVAL_WORD[jurisdiction]}，该记录不改变状态`;
  if (state.status === 'applicant') {
    // History that starts with an evaluation belongs to a platform listed before the records begin.
    state.status = 'listed';
  }

  if (e.removalGround) return remove(state, jurisdiction, e.year, e.removalGround);
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
      return '绩效评估不合格，责令限期整改；再次不合格将不再列入服务平台序列';
    }
    state.failedLast = false;
    state.status = 'listed';
    return `绩效评估${grade}`;
  }

  if (e.kind === 'triennial') {
    if (grade === '不合格') {
      if (state.status === 'rectifying') return remove(state, jurisdiction, e.year, 'failed_twice');
      state.status = 'rectifying';
      state.rectifyingSince = e.year;
      return `综合评审不合格，整改1年，${e.year + 1}年再次参加综合评审`;
    }
    const wasRectifying = state.status === 'rectifying';
    state.status = 'listed';
    state.rectifyingSince = null;
    state.cycleStart = e.year;
    return wasRectifying ? `整改后综合评审${grade}，恢复正常` : `综合评审${grade}`;
  }

  // Annual evaluation: 合格/不合格 feeds the next triennial review and changes no status by itself.
  return grade === '不合格' ? '年度评价不合格（作为综合评审的重要参考）' : `年度评价${grade}`;
}

// 第十八条（二）: a platform rectifying since year F must take the triennial review in F + 1. When the
// history reaches a later year and the platform is still rectifying, it did not: removed in F + 1.
function missedReReview(state: State, jurisdiction: Jurisdiction, nextYear: number, years: LifecycleYear[]) {
  if (jurisdiction === 'shanghai' || state.status !== 'rectifying' || state.rectifyingSince === null) return;
  const due = state.rectifyingSince + 1;
  if (nextYear <= due) return;
  const reason = remove(
    state,
    jurisdiction,
    due,
    'absent',
    `${DOCUMENT[jurisdiction]}第十八条（二）不参加整改后次年度综合评审`,
  );
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
  if (state.status === 'removed' || state.status === 'applicant') return null;
  if (jurisdiction === 'shanghai') return { year, kind: 'performance' };
  if (state.status === 'rectifying') return { year, kind: 'triennial' };
  // A platform in its triennial year skips that year's annual evaluation (第十八条（二）).
  if (state.cycleStart !== null && (year - state.cycleStart) % TRIENNIAL_CYCLE === 0) {
    return { year, kind: 'triennial' };
  }
  return { year, kind: 'annual' };
}

/**
 * Status per year from a platform's history. Years between entries carry the status over; an
 * entry order within a year is recognition, annual/performance, triennial. `bannedUntil` is the last
 * year in which a new application is refused (removal year + 3; none in Shanghai). `nextReview`
 * is the evaluation due the year after the last entry; when no recognition or triennial year is
 * known the three-year cycle cannot be placed and an annual evaluation is assumed.
 */
export function platformLifecycle(jurisdiction: Jurisdiction, history: HistoryEntry[]): LifecycleResult {
  const entries = sortHistory(history);
  const state: State = {
    status: 'applicant',
    cycleStart: null,
    failedLast: false,
    rectifyingSince: null,
    removedIn: null,
    bannedUntil: null,
    lastYear: entries.length > 0 ? entries[0].year : 0,
  };
  const years: LifecycleYear[] = [];
  for (const e of entries) {
    missedReReview(state, jurisdiction, e.year, years);
    for (let gap = state.lastYear + 1; years.length > 0 && gap < e.year; gap++) {
      years.push({
        year: gap,
        status: state.status,
        reason: '本年度无评价记录',
      });
    }
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
  return {
    years,
    status: state.status,
    removedIn: state.removedIn,
    bannedUntil: state.bannedUntil,
    nextReview: entries.length === 0 ? null : nextReview(state, jurisdiction),
  };
}
