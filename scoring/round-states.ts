// What a round allows in each of its states, in one table: which states permit editing the round's
// facts, the rubric, importing material, 形式审查 decisions, drawing panels, assigning items,
// starting expert review, scoring. Models and pages ask `roundAllows(state, action)` instead of
// keeping their own lists, so a new state or a changed rule is one edit here.
//
// The states, in order (prisma/schema.prisma, enum RoundState):
// 草稿 → 材料导入 → 形式审查 → 专家评审 → 结果汇总 → 已公示 → 已结束.

export const ROUND_STATES = [
  'draft',
  'importing',
  'reviewing',
  'scoring',
  'results',
  'published',
  'closed',
] as const;
export type RoundState = (typeof ROUND_STATES)[number];

// Round setup: everything before expert scoring starts.
const SETUP: readonly RoundState[] = ['draft', 'importing', 'reviewing'];
// Expert scoring has started (and the scheme is frozen) or is over.
const FROM_SCORING: readonly RoundState[] = ['scoring', 'results', 'published', 'closed'];

export type RoundAction =
  | 'editFacts' // year and statistics window (name, batch and deadlines stay editable)
  | 'editRubric' // the round's copy of the scheme (it is also frozen with scoring)
  | 'import' // import or re-import material (items)
  | 'decideEligibility' // 形式审查: admit or exclude an item
  | 'drawPanel' // size, draw and redraw panels, chair
  | 'assign' // assign items to panels, or remove assignments
  | 'startScoring' // 开始专家评审 (asking again once scoring is a no-op, not a refusal)
  | 'score'; // experts fill and submit score sheets (live scoring, next stage)

const ALLOWED: Readonly<Record<RoundAction, readonly RoundState[]>> = {
  editFacts: SETUP,
  editRubric: SETUP,
  import: SETUP,
  decideEligibility: SETUP,
  drawPanel: SETUP,
  assign: SETUP,
  startScoring: SETUP,
  score: ['scoring'],
};

export function isRoundState(state: string): state is RoundState {
  return (ROUND_STATES as readonly string[]).includes(state);
}

/** Whether a round in `state` allows `action`. An unknown state allows nothing. */
export function roundAllows(state: string, action: RoundAction): boolean {
  return isRoundState(state) && ALLOWED[action].includes(state);
}

/** The states in which `action` is allowed, e.g. for a database filter (`state: { in: … }`). */
export function statesAllowing(action: RoundAction): RoundState[] {
  return [...ALLOWED[action]];
}

/** Whether expert scoring has started (or is over): the rubric, year and window are then fixed. */
export function scoringHasStarted(state: string): boolean {
  return isRoundState(state) && FROM_SCORING.includes(state);
}

/**
 * The state a successful import moves a round to: material imported means 形式审查 can begin.
 * Null when the round stays where it is (already reviewing).
 */
export function stateAfterImport(state: string): RoundState | null {
  return state === 'draft' || state === 'importing' ? 'reviewing' : null;
}
