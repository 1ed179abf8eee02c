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
export { panelSizeWarning, USUAL_PANEL_SIZES } from './panel-size';
export { replacePanelMember } from './replace-panel-member';
export { chooseChair } from './choose-chair';
export { seededShuffle } from './seeded-shuffle';
export { checkQuorum } from './check-quorum';
export { balanceAssignments } from './balance-assignments';
export { checkEligibility } from './check-eligibility';
export { platformLifecycle } from './platform-lifecycle';
export { parseIsoDate, parseChineseDate, parseDate, parseDateRange } from './dates';
export type { DateRange } from './dates';
export { holidayCalendar } from './holiday-calendar';
export { isWorkingDay } from './is-working-day';
export { addWorkingDays } from './add-working-days';
