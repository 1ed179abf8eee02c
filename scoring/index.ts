// Public surface of the scoring engine (评分引擎). One public function per module.
export type * from './types';
export { DEFAULTS } from './defaults';
export {
  criterionSchema,
  rubricSchema,
  aggregationSchema,
  gradingSchema,
  schemeSchema,
  gradeInputSchema,
  eligibilityRuleSchema,
} from './schemas';
export { parseWithSchema } from './parse-with-schema';
export { validateScheme } from './validate-scheme';
export { sheetTotal } from './sheet-total';
export { validateSheets } from './validate-sheets';
export { aggregate } from './aggregate';
export { gradeByThresholds } from './grade-by-thresholds';
export { quotaBands } from './quota-bands';
export { rankInGroup } from './rank-in-group';
export { gradeItems } from './grade-items';
export { normaliseScores } from './normalise';
export { findConflicts } from './recusal';
export { drawPanel } from './draw-panel';
export { replacePanelMember } from './replace-panel-member';
export { chooseChair } from './choose-chair';
export { seededShuffle } from './seeded-shuffle';
export { checkQuorum } from './check-quorum';
export { balanceAssignments } from './balance-assignments';
