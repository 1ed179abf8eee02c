// Public types of the scoring engine (评分引擎). Pure data: no I/O, no Date, no Prisma, no React.
// Numbers that cross this boundary are plain JS numbers; inside, every sum, mean, share × n and cap
// is computed exactly (see decimal.ts) and rounded once, half-up.

// ---------- Rubric (评分细则) ----------
export interface Criterion {
  id: string;
  name: string;
  max: number; // points available (分值)
  weight?: number; // default 1
  step?: number; // allowed increment, e.g. 0.5; absent = any value in [0, max]
  required?: boolean; // default true
  group?: string; // dimension heading, e.g. 能力建设
  guidance?: string; // 评分要点 (Chinese)
}

export interface VetoItem {
  id: string;
  name: string; // e.g. 弄虚作假
}

export interface Rubric {
  criteria: Criterion[];
  vetoes?: VetoItem[];
}

// ---------- Aggregation (汇总) ----------
export type AggregationMethod = 'mean' | 'median' | 'trimmed';

export interface AggregationOptions {
  method: AggregationMethod;
  trim?: number; // default 1
  minForTrim?: number; // default 5
  quorum?: number; // default 3
  decimals?: number; // default 2
  spreadLimit?: number | null; // default null (off)
}

// ---------- Grading (等级评定) ----------
export interface ThresholdLevel {
  grade: string;
  min?: number; // absent on the last level
}

export interface ThresholdGrading {
  kind: 'thresholds';
  levels: ThresholdLevel[];
}

export type ShareRounding = 'floor' | 'ceil' | 'round';

export interface QuotaTopBand {
  grade: string;
  cumulativeShare: number;
  rounding: ShareRounding;
  minScore?: number;
}

export interface QuotaBottomBand {
  grade: string;
  share: number;
  rounding: ShareRounding;
  ties: 'spare' | 'include';
  below?: number;
}

export interface QuotaGrading {
  kind: 'quota';
  top: QuotaTopBand[];
  middle: string;
  bottom: QuotaBottomBand;
}

export type Grading = ThresholdGrading | QuotaGrading;

// ---------- Scheme (评审方案) ----------
export interface Scheme {
  id: string;
  name: string;
  rubric: Rubric;
  aggregation: AggregationOptions;
  grading: Grading;
}

// ---------- Inputs ----------
export interface ItemInput {
  id: string;
  name?: string;
  group?: string; // field group (领域分组); absent = one group ''
  vetoed?: boolean; // 一票否决 confirmed for the item
}

export interface SheetInput {
  itemId: string;
  expertId: string;
  scores: Record<string, number>; // criterionId → score
  recused?: boolean; // 回避: left out of every computation
}

export interface GradeInput {
  items: ItemInput[];
  sheets: SheetInput[];
}

// ---------- Outputs ----------
export type ItemStatus = 'graded' | 'incomplete';

export interface ItemResult {
  itemId: string;
  group: string;
  score: number | null; // rounded to `decimals`
  grade: string | null;
  rank: number | null; // competition ranking within the group
  status: ItemStatus;
  experts: number; // valid (non-recused) sheet count
  flags: string[]; // e.g. 'spread', 'vetoed'
  totals: Record<string, number>; // expertId → weighted total of that expert's valid sheet
}

export interface GradeOutput {
  scheme: string;
  results: ItemResult[];
}

// ---------- Validation problems ----------
// Every invalid-input report names what it can: item, expert, criterion (and row, filled by readers).
export interface Problem {
  code: string; // machine-readable, e.g. 'score_out_of_range'
  message: string; // Chinese, for people
  itemId?: string;
  expertId?: string;
  criterionId?: string;
  row?: number;
  sheet?: string;
  column?: string;
  path?: string; // where in a JSON document, e.g. rubric.criteria[2].max
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

// ---------- Eligibility (基本条件 / 形式审查) ----------
export type Comparator = '>=' | '>' | '<=' | '<' | '==' | 'true';

export interface EligibilityCondition {
  id: string;
  label: string; // Chinese, e.g. 从业人员不少于50人
  field: string; // key in ApplicationData
  op: Comparator;
  value?: number | boolean;
  unit?: string; // 人, 万元, %, 年, 项, 平方米
}

export interface EligibilityRule {
  id: string;
  label: string;
  // all conditions must hold, unless anyOf: then at least one must hold
  conditions: EligibilityCondition[];
  anyOf?: boolean;
  source?: string; // e.g. 工信部科〔2025〕261号 第六条（六）
}

// Application data as imported; missing keys mean "not provided".
export type ApplicationData = Record<string, number | boolean | string | null | undefined>;

export type RuleOutcome = 'pass' | 'fail' | 'missing';

export interface ConditionResult {
  id: string;
  label: string;
  outcome: RuleOutcome;
  value: number | boolean | null;
  threshold: number | boolean | null;
  op: Comparator;
  unit?: string;
}

export interface RuleResult {
  id: string;
  label: string;
  outcome: RuleOutcome;
  conditions: ConditionResult[];
  source?: string;
}

export interface EligibilityResult {
  overall: 'eligible' | 'ineligible' | 'incomplete';
  rules: RuleResult[];
}

// ---------- Platform lifecycle (动态管理) ----------
export type Jurisdiction = 'miit' | 'sichuan' | 'shanghai';
export type EvaluationKind = 'recognition' | 'annual' | 'triennial' | 'performance';
export type PlatformStatus = 'applicant' | 'listed' | 'rectifying' | 'removed';
export type RemovalGround =
  | 'absent' // 无正当理由不参加评价
  | 'fraud' // 弄虚作假
  | 'unable_to_operate' // 无法正常运行
  | 'serious_incident' // 重大事故或违法违规
  | 'voluntary_withdrawal' // 主动申请退出 (Sichuan)
  | 'host_dissolved' // 依托单位撤销 (Sichuan, Shanghai)
  | 'dishonesty' // 其他严重失信 (Sichuan)
  | 'refused_inspection' // 拒不接受检查或整改不合格 (Shanghai)
  | 'failed_twice'; // derived: consecutive 不合格

export interface HistoryEntry {
  year: number;
  kind: EvaluationKind;
  grade?: string | null; // e.g. 合格 / 不合格 / 优秀
  absent?: boolean;
  removalGround?: RemovalGround;
}

export interface LifecycleYear {
  year: number;
  status: PlatformStatus;
  reason?: string; // Chinese explanation
}

export interface LifecycleResult {
  years: LifecycleYear[];
  status: PlatformStatus; // after the last entry
  removedIn: number | null;
  bannedUntil: number | null; // last year in which a new application is refused
  nextReview: { year: number; kind: EvaluationKind } | null;
}

// ---------- Working days (工作日) ----------
// ISO dates 'YYYY-MM-DD' everywhere; the calendar is injected, never read from a global.
export interface HolidayCalendar {
  years: number[]; // years whose arrangements are known
  holidays: string[]; // statutory days off (法定节假日)
  workdays: string[]; // make-up working days on weekends (调休上班)
}

// ---------- Recusal (回避) ----------
// An organisation as the pool and the applications name it: by registered name and, when known,
// its 统一社会信用代码 (USCC). Either one matching is enough to call two references the same unit.
export interface OrgRef {
  name: string;
  uscc?: string | null;
}

export interface PastEmployer {
  organisation: OrgRef;
  untilYear: number; // last calendar year the expert worked there
}

export type DeclaredConflict =
  | { kind: 'organisation'; organisation: OrgRef; note?: string }
  | { kind: 'item'; itemId: string; note?: string }
  | { kind: 'platform'; platformId: string; note?: string };

export interface ExpertFacts {
  id: string;
  name?: string;
  organisation: OrgRef | null; // 现工作单位
  pastEmployers: PastEmployer[]; // 曾任职单位
  relativesOrganisations: OrgRef[]; // 近亲属所在单位
  declaredConflicts: DeclaredConflict[]; // 本人申报的利益冲突
}

export interface ItemFacts {
  id: string;
  name?: string;
  platformId?: string | null;
  unit: OrgRef; // 申报单位/依托单位
  parent?: OrgRef | null; // 上级单位 (the unit of which it is a branch or subsidiary)
}

export type ConflictCode =
  | 'current_employer'
  | 'current_employer_parent'
  | 'past_employer'
  | 'relative'
  | 'declared_organisation'
  | 'declared_item'
  | 'declared_platform';

export interface Conflict {
  code: ConflictCode;
  message: string; // Chinese reason shown to staff and written to the recusal record
}

// ---------- Panel draw (专家抽取) ----------
export interface PoolExpert {
  id: string;
  name?: string;
  fields: string[]; // 专业领域
  region?: string | null; // 所在地区
  title?: string | null; // 职称, e.g. 正高级工程师
  available?: boolean; // default true; false = 本轮不可参加
}

export type ChairRule =
  | { kind: 'first_drawn' } // 第一位抽中的专家
  | { kind: 'highest_title' } // 职称最高者，同级按抽取顺序
  | { kind: 'chosen'; expertId: string }; // 由组织单位指定

export interface DrawOptions {
  size: number; // default panel sizes are 5, 7, 9; others allowed with a warning
  backups?: number; // 候补人数, default 2
  field?: string | null; // only experts with this field
  region?: string | null; // only experts in this region
  seed: string; // recorded so the draw can be replayed
  exclude?: { expertId: string; reason: string }[]; // conflicts, already on another panel, ...
  chair?: ChairRule; // default first_drawn
}

export interface PanelDraw {
  seed: string;
  candidates: string[]; // eligible pool ids in the order the PRNG shuffled them
  members: string[]; // drawn members, draw order
  backups: string[]; // 候补, in the order they will be called
  chairId: string;
  excluded: { expertId: string; reason: string }[]; // pool experts left out and why
  replacements: { out: string; in: string; reason: string }[];
  warnings: Problem[];
}

export type DrawResult = Result<PanelDraw>;

// ---------- Assignment (分组分配) and quorum (法定人数) ----------
export interface BalanceItem {
  id: string;
  group?: string; // field group; absent = ''
}

export interface BalancePanel {
  id: string;
  name?: string;
  group?: string; // field group; absent = ''
  load: number; // items already assigned
  members: string[]; // active expert ids (replaced and backup experts excluded)
  quorum?: number; // this panel's own quorum; default the options' quorum
}

export interface Recusal {
  itemId: string;
  expertId: string;
  reasons: string[];
}

export interface QuorumCheck {
  panelId: string;
  itemId: string;
  quorum: number;
  scoring: string[]; // members who will score the item
  recused: { expertId: string; reasons: string[] }[];
}

export interface BalancedAssignment {
  itemId: string;
  panelId: string;
}

// ---------- Engine internals shared between modules ----------
export interface ResolvedAggregation {
  method: AggregationMethod;
  trim: number;
  minForTrim: number;
  quorum: number;
  decimals: number;
  spreadLimit: number | null;
}

export interface AggregateResult {
  score: number | null; // null when incomplete
  status: ItemStatus;
  flags: string[]; // 'spread'
}

// One item of one group as grading and ranking see it (score null = incomplete, not graded).
export interface GroupItem {
  id: string;
  score: number | null;
  vetoed?: boolean;
}

export interface QuotaBandsResult {
  n: number; // graded items in the group, vetoed included
  failQuota: number; // k = R(bottom.share × n)
  caps: { grade: string; cap: number }[]; // per top band: min over i ≥ j of R_i(cumulativeShare_i × n)
  grades: Map<string, string>; // item id → grade, graded items only
}

// ---------- Normalisation (标准化, analysis only) ----------
export interface NormaliseOptions {
  minItems?: number; // default 5: experts with fewer scored items are not normalised
  decimals?: number; // default 2
}

export interface NormaliseSheet {
  expertId: string;
  itemId: string;
  total: number;
}

export interface NormalisedSheet extends NormaliseSheet {
  normalised: number | null; // null when the expert scored fewer than minItems items
  z: number | null;
}
