// Chinese labels of a defence session (答辩会) shared by the planning page, the chair's console and
// the experts' banner. Browser-safe: no server imports.
import type { SessionSnapshot } from '#app/realtime/events';

export const SESSION_STATE_LABELS: Record<SessionSnapshot['state'], string> = {
  scheduled: '未开始',
  live: '进行中',
  paused: '已暂停',
  closed: '已结束',
};

export const SESSION_STATE_COLORS: Record<SessionSnapshot['state'], string> = {
  scheduled: 'default',
  live: 'green',
  paused: 'orange',
  closed: 'purple',
};

export const PHASE_LABELS: Record<'presentation' | 'qa', string> = {
  presentation: '陈述',
  qa: '问答',
};

export const ITEM_STATUS_LABELS: Record<SessionSnapshot['items'][number]['status'], string> = {
  pending: '未开始',
  current: '进行中',
  locked: '已锁定',
};

/** What the room is doing now: 陈述 / 问答 / 评分 / 等候 (no phase timed). */
export function phaseLabel(snapshot: Pick<SessionSnapshot, 'phase' | 'scoringOpen'>): string {
  if (snapshot.phase) return PHASE_LABELS[snapshot.phase];
  return snapshot.scoringOpen ? '评分' : '等候';
}

export const STALE_MESSAGE = '会话状态已更新，请按最新状态重试';

/** Quorum warning shown while fewer than the quorum are checked in. */
export function quorumWarning(checkedIn: number, quorum: number): string | null {
  return checkedIn < quorum ? `已签到 ${checkedIn} 人，少于法定人数 ${quorum} 人` : null;
}
