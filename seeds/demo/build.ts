// Builds the demo dataset (演示数据) in memory from a fixed seed: organisations with valid 统一社会信用
// 代码, ~60 platforms with histories, ~25 experts with recusal facts, a Sichuan annual evaluation and
// a Shanghai performance evaluation with drawn panels, assignments, recusals and part-scored sheets.
// Every decision a real round would take from the engine (eligibility, lifecycle status, panel draw,
// conflicts, sheet totals, grades) is taken by the engine here too, so the demo never shows a number
// the workbench itself would not produce. Pure: no database, no clock.
import type { Prisma } from '@prisma/client';
import { applicationFields } from '#seeds/presets/application-fields';
import { getPreset, type Preset } from '#seeds/presets/index';
import { checkEligibility } from '#scoring/check-eligibility';
import { drawPanel } from '#scoring/draw-panel';
import { platformLifecycle } from '#scoring/platform-lifecycle';
import { findConflicts } from '#scoring/recusal';
import { sheetTotal } from '#scoring/sheet-total';
import type {
  ApplicationData,
  ExpertFacts,
  HistoryEntry,
  ItemFacts,
  Jurisdiction,
  SheetInput,
} from '#scoring/types';
import {
  BRAND_WORDS,
  CATEGORY_LABEL,
  CATEGORY_NAME_WORD,
  DIVISIONS,
  ENTERPRISE_SUFFIX,
  EXPERT_EMPLOYERS,
  EXPERT_TITLES,
  GIVEN_NAMES,
  INDUSTRY_FIELDS,
  INSTITUTION_SUFFIX,
  SCOPES,
  SURNAMES,
  type Category,
} from './catalogue';
import { recusalKind } from '#app/utils/expert-schema';
import { createRng, type Rng } from './random';
import { generateUscc } from './uscc';

export const DEMO_SEED = 20260101;
// The instant the demo pretends it is; every timestamp in the dataset is derived from it.
export const DEMO_NOW = new Date('2026-11-20T02:00:00.000Z');
export const DEMO_PASSWORD = 'pingshen2026';
const REVIEW_YEAR = 2026;

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: ('admin' | 'agency' | 'department' | 'chair' | 'expert')[];
  description: string; // Chinese, for the start banner and the README
}

export interface DemoDataset {
  accounts: DemoAccount[];
  userIds: Record<string, string>; // username → id
  organisations: Prisma.OrganisationCreateManyInput[];
  platforms: Prisma.PlatformCreateManyInput[];
  platformResults: Prisma.PlatformResultCreateManyInput[];
  schemes: Prisma.SchemeCreateManyInput[];
  rounds: Prisma.RoundCreateManyInput[];
  importBatches: Prisma.ImportBatchCreateManyInput[];
  items: Prisma.ItemCreateManyInput[];
  experts: Prisma.ExpertCreateManyInput[];
  expertConflicts: Prisma.ExpertConflictCreateManyInput[];
  panels: Prisma.PanelCreateManyInput[];
  panelMembers: Prisma.PanelMemberCreateManyInput[];
  assignments: Prisma.AssignmentCreateManyInput[];
  recusals: Prisma.AssignmentRecusalCreateManyInput[];
  sheets: Prisma.ScoreSheetCreateManyInput[];
  results: Prisma.ResultCreateManyInput[];
  sessions: Prisma.DefenceSessionCreateManyInput[];
}

const minutesBefore = (minutes: number) => new Date(DEMO_NOW.getTime() - minutes * 60_000);
const json = (value: unknown) => JSON.stringify(value);

// ---------- Organisations and platforms ----------

interface OrgRow {
  id: string;
  name: string;
  uscc: string;
  region: string;
  nature: string;
  parentId: string | null;
}

interface PlatformRow {
  id: string;
  name: string;
  jurisdiction: Jurisdiction;
  category: Category;
  fields: string[];
  scopes: string[];
  org: OrgRow;
  batch: number | null;
  history: HistoryEntry[];
  status: 'applicant' | 'listed' | 'rectifying' | 'removed';
  removedIn: number | null;
  bannedUntil: number | null;
  nextReview: { year: number; kind: string } | null;
}

const PLATFORM_COUNTS: Record<Jurisdiction, number> = { sichuan: 24, shanghai: 24, miit: 12 };
const CATEGORY_CYCLE: Category[] = ['testing', 'information', 'testing', 'industrialisation'];

function platformName(j: Jurisdiction, field: string, category: Category): string {
  if (j === 'sichuan') return `四川省${field}${CATEGORY_NAME_WORD[category]}公共服务平台`;
  if (j === 'shanghai') {
    const word = { testing: '检测', information: '信息', industrialisation: '成果转化' }[category];
    return `上海${field}${word}专业技术服务平台`;
  }
  return `${field}${CATEGORY_NAME_WORD[category]}产业技术基础公共服务平台`;
}

function hostOrganisation(
  rng: Rng,
  j: Jurisdiction,
  field: string,
  category: Category,
  usedNames: Set<string>,
): OrgRow {
  const division = rng.pick(DIVISIONS[j]);
  for (;;) {
    const institution = rng.chance(0.25);
    const name = institution
      ? `${j === 'sichuan' ? '四川省' : j === 'shanghai' ? '上海市' : rng.pick(BRAND_WORDS.miit)}${field}${rng.pick(INSTITUTION_SUFFIX[category])}`
      : `${j === 'sichuan' ? '四川' : j === 'shanghai' ? '上海' : ''}${rng.pick(BRAND_WORDS[j])}${field}${rng.pick(ENTERPRISE_SUFFIX[category])}`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    return {
      id: rng.id(),
      name,
      uscc: generateUscc(rng, division.code, institution ? 'institution' : 'enterprise'),
      region: division.name,
      nature: institution ? '事业单位' : '企业',
      parentId: null,
    };
  }
}

// Evaluation history by jurisdiction and batch; a few platforms get the outcomes the lifecycle rules
// exist for (rectification after a failed triennial review, removal for absence or two failures).
function platformHistory(
  rng: Rng,
  j: Jurisdiction,
  batch: number | null,
  special: string | null,
): HistoryEntry[] {
  if (j === 'shanghai') {
    const start = 2021 + rng.int(0, 2);
    const history: HistoryEntry[] = [{ year: start, kind: 'recognition', grade: '通过' }];
    for (let y = start + 1; y <= 2025; y++) {
      const grade =
        special === 'failedTwice' && y >= 2024
          ? '不合格'
          : rng.pick(['优秀', '良好', '良好', '一般', '一般', '一般']);
      history.push({ year: y, kind: 'performance', grade });
    }
    return history;
  }
  const recognised = 2021 + (batch ?? 1);
  const history: HistoryEntry[] = [{ year: recognised, kind: 'recognition', grade: '通过' }];
  for (let y = recognised + 1; y <= 2025; y++) {
    const triennial = (y - recognised) % 3 === 0;
    if (special === 'absent' && y === 2025) {
      history.push({
        year: y,
        kind: triennial ? 'triennial' : 'annual',
        absent: true,
        removalGround: 'absent',
      });
    } else if (triennial) {
      const grade = special === 'rectifying' ? '不合格' : rng.pick(['优秀', '合格', '合格']);
      history.push({ year: y, kind: 'triennial', grade });
    } else {
      history.push({ year: y, kind: 'annual', grade: '合格' });
    }
  }
  return history;
}

function buildPlatforms(rng: Rng) {
  const usedOrgNames = new Set<string>();
  const organisations: OrgRow[] = [];
  const platforms: PlatformRow[] = [];
  for (const j of ['sichuan', 'shanghai', 'miit'] as const) {
    const combos = rng.sample(
      INDUSTRY_FIELDS.flatMap((field) => CATEGORY_CYCLE.map((category) => ({ field, category }))),
      INDUSTRY_FIELDS.length * CATEGORY_CYCLE.length,
    );
    const seen = new Set<string>();
    const chosen = combos.filter((c) => {
      const key = `${c.field}|${c.category}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (let i = 0; i < PLATFORM_COUNTS[j]; i++) {
      const { field, category } = chosen[i];
      const org = hostOrganisation(rng, j, field, category, usedOrgNames);
      organisations.push(org);
      const applicant = j !== 'miit' && i >= PLATFORM_COUNTS[j] - 2;
      const batch = j === 'shanghai' || applicant ? null : j === 'miit' ? 1 + (i % 2) : 1 + (i % 3);
      const special =
        j === 'sichuan' && i === 0
          ? 'rectifying'
          : j === 'sichuan' && i === 1
            ? 'absent'
            : j === 'shanghai' && i === 0
              ? 'failedTwice'
              : null;
      const history = applicant ? [] : platformHistory(rng, j, batch, special);
      const life = platformLifecycle(j, history);
      const extraFields = rng.sample(
        INDUSTRY_FIELDS.filter((f) => f !== field),
        rng.int(0, 2),
      );
      platforms.push({
        id: rng.id(),
        name: platformName(j, field, category),
        jurisdiction: j,
        category,
        fields: [field, ...extraFields],
        scopes: rng.sample(SCOPES[j][category], rng.int(1, 3)),
        org,
        batch,
        history,
        status: life.status,
        removedIn: life.removedIn,
        bannedUntil: life.bannedUntil,
        nextReview: life.nextReview,
      });
    }
  }
  // A 分支机构 of a listed Sichuan platform's host unit that applies in its own name: the
  // eligibility pre-check must flag it (第二十条).
  const parentPlatform = platforms.find(
    (p) => p.jurisdiction === 'sichuan' && p.status === 'listed' && p.category === 'testing',
  );
  if (!parentPlatform) throw new Error('demo data: no listed Sichuan testing platform to hang a branch on');
  const branchOrg: OrgRow = {
    id: rng.id(),
    name: `${parentPlatform.org.name}绵阳分公司`,
    uscc: generateUscc(rng, '510703', 'enterprise'),
    region: '四川省绵阳市涪城区',
    nature: '企业（分支机构）',
    parentId: parentPlatform.org.id,
  };
  organisations.push(branchOrg);
  const branchPlatform = platforms.find((p) => p.jurisdiction === 'sichuan' && p.status === 'applicant');
  if (!branchPlatform) throw new Error('demo data: no Sichuan applicant');
  branchPlatform.org = branchOrg;
  return { organisations, platforms };
}

// ---------- Application / annual report data ----------

function applicationData(rng: Rng, p: PlatformRow, weak: boolean): ApplicationData {
  const d: ApplicationData = {};
  const national = p.jurisdiction !== 'shanghai';
  const generators: Record<string, () => number | boolean | string | null> = {
    unitName: () => p.org.name,
    creditCode: () => p.org.uscc,
    registeredDate: () =>
      `${rng.int(1998, 2018)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    serviceFields: () => p.fields.join('、'),
    serviceScopes: () => p.scopes.join('、'),
    serviceFieldsCount: () => p.fields.length,
    serviceScopesCount: () => p.scopes.length,
    independentLegalPerson: () => p.org.parentId === null,
    isBranch: () => p.org.parentId !== null,
    businessShare: () => (weak ? rng.int(40, 58) : rng.int(62, 92)),
    serviceYears: () => rng.int(3, 18),
    influentialCases: () => rng.int(3, 25),
    staffTotal: () => (national ? (weak ? rng.int(12, 19) : rng.int(26, 180)) : rng.int(16, 90)),
    seniorStaffRatio: () => rng.int(42, 78),
    qualifiedStaff: () => rng.int(15, 120),
    qualifiedStaffRatio: () => rng.int(52, 90),
    equipmentValue: () => rng.int(380, 6800),
    relatedIncome: () => rng.int(420, 5200),
    revenue: () => rng.int(800, 12000),
    ownFloorArea: () => rng.int(300, 12000),
    nationalProjects3y: () => rng.int(1, 9),
    standardsProjects3y: () => rng.int(0, 12),
    clientsServed3y: () => rng.int(120, 2400),
    registeredInShanghai: () => true,
    clientUnits: () => (weak ? rng.int(20, 45) : rng.int(60, 600)),
    localIndustryShare: () => rng.int(5, 40),
    serviceIncome: () => (weak ? rng.int(150, 450) : rng.int(520, 4800)),
    instrumentValue: () => rng.int(520, 9000),
    floorArea: () => rng.int(160, 5000),
    fixedStaff: () => rng.int(16, 120),
    titledStaffRatio: () => rng.int(32, 80),
  };
  for (const field of applicationFields) {
    if (!field.jurisdictions.includes(p.jurisdiction)) continue;
    const generate = generators[field.key];
    // A field added to the forms after this generator was written is simply left blank (未填写).
    if (generate) d[field.key] = generate();
  }
  return d;
}

// ---------- Experts ----------

interface ExpertRow {
  id: string;
  code: string;
  name: string;
  organisationName: string;
  title: string;
  fields: string[];
  region: string;
  phone: string;
  email: string;
  userId: string | null;
  conflicts: Prisma.ExpertConflictCreateManyInput[];
}

function buildExperts(rng: Rng): ExpertRow[] {
  const experts: ExpertRow[] = [];
  const names = new Set<string>();
  const plan: { home: 'sichuan' | 'shanghai' | 'beijing'; category: Category }[] = [
    ...Array.from({ length: 13 }, (_, i) => ({
      home: 'sichuan' as const,
      category: (i < 8 ? 'testing' : i % 2 ? 'information' : 'industrialisation') as Category,
    })),
    ...Array.from({ length: 9 }, (_, i) => ({ home: 'shanghai' as const, category: CATEGORY_CYCLE[i % 4] })),
    ...Array.from({ length: 3 }, (_, i) => ({ home: 'beijing' as const, category: CATEGORY_CYCLE[i] })),
  ];
  plan.forEach(({ home, category }, i) => {
    let name: string;
    do name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
    while (names.has(name));
    names.add(name);
    const employer = rng.pick(EXPERT_EMPLOYERS[home]);
    const serial = String(i + 1).padStart(3, '0');
    experts.push({
      id: rng.id(),
      code: `ZJ2026${serial}`,
      name,
      organisationName: employer.name,
      title: rng.pick(EXPERT_TITLES),
      fields: [CATEGORY_LABEL[category], ...rng.sample(INDUSTRY_FIELDS, rng.int(1, 2))],
      region: employer.region,
      phone: `13${rng.int(0, 9)}${String(rng.int(0, 99999999)).padStart(8, '0')}`,
      email: `expert${serial}@pingshen-demo.cn`,
      userId: null,
      conflicts: [],
    });
  });
  return experts;
}

// The engine knows one main employer (Expert.organisationName); a further current employer recorded
// as an 'employer' fact (兼职) is passed as a declared organisation conflict, which recuses alike.
function expertFacts(e: ExpertRow): ExpertFacts {
  const org = (c: Prisma.ExpertConflictCreateManyInput) => ({
    name: c.organisationName ?? '',
    uscc: c.organisationUscc ?? null,
  });
  return {
    id: e.id,
    name: e.name,
    organisation: { name: e.organisationName },
    pastEmployers: e.conflicts
      .filter((c) => c.kind === 'formerEmployer' && c.untilYear != null)
      .map((c) => ({ organisation: org(c), untilYear: c.untilYear as number })),
    relativesOrganisations: e.conflicts.filter((c) => c.kind === 'relative').map(org),
    declaredConflicts: e.conflicts
      .filter((c) => c.kind === 'declared' || c.kind === 'employer')
      .map((c) =>
        c.platformId
          ? { kind: 'platform' as const, platformId: c.platformId, note: c.note ?? undefined }
          : { kind: 'organisation' as const, organisation: org(c), note: c.note ?? undefined },
      ),
  };
}

// ---------- Scores ----------

const COMMENTS = {
  high: [
    '平台运行规范，服务能力突出，在行业内具有较强影响力。',
    '服务数据详实，支撑产业发展成效明显，建议继续保持。',
  ],
  mid: [
    '平台整体运行正常，服务能力基本满足要求，建议加强数据资源建设。',
    '服务业绩较好，但协同机制和人才梯队仍需完善。',
  ],
  low: [
    '材料佐证不足，部分服务数据与统计口径不一致，需进一步核实。',
    '平台运行效果一般，对中小企业服务覆盖面不足，建议整改提升。',
  ],
};

function scoreSheet(
  rng: Rng,
  preset: Preset,
  quality: number,
  bias: number,
  complete: boolean,
): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const c of preset.scheme.rubric.criteria) {
    if (!complete && rng.chance(0.4)) continue;
    const share = Math.min(1, Math.max(0.2, quality + bias + (rng.next() - 0.5) * 0.16));
    const step = c.step ?? 0.5;
    scores[c.id] = Math.min(c.max, Math.round((c.max * share) / step) * step);
  }
  return scores;
}

function comment(rng: Rng, quality: number): string {
  return rng.pick(quality >= 0.8 ? COMMENTS.high : quality >= 0.65 ? COMMENTS.mid : COMMENTS.low);
}

// ---------- The dataset ----------

interface RoundPlan {
  key: 'sichuan' | 'shanghai';
  presetId: string;
  name: string;
  jurisdiction: Jurisdiction;
  kind: 'annual' | 'performance';
  windowStart: string;
  windowEnd: string;
  deadlines: Record<string, string>;
  fileName: string;
}

const ROUND_PLANS: RoundPlan[] = [
  {
    key: 'sichuan',
    presetId: 'sichuan-2025-annual',
    name: '2026年度四川省产业技术基础公共服务平台年度评价',
    jurisdiction: 'sichuan',
    kind: 'annual',
    windowStart: '2025-07-01',
    windowEnd: '2026-06-30',
    deadlines: { applicationsClose: '2026-09-30', reviewEnd: '2026-11-30', noticeStart: '2026-12-15' },
    fileName: '2026年度四川省服务平台年度运行情况表.xlsx',
  },
  {
    key: 'shanghai',
    presetId: 'shanghai-2022-performance',
    name: '2025年度上海市专业技术服务平台绩效评估',
    jurisdiction: 'shanghai',
    kind: 'performance',
    windowStart: '2025-01-01',
    windowEnd: '2025-12-31',
    deadlines: { applicationsClose: '2026-09-15', defenceStart: '2026-11-25', noticeStart: '2026-12-21' },
    fileName: '2025年度上海市专业技术服务平台绩效评估材料.xlsx',
  },
];

export const DEMO_ACCOUNT_PLAN: Omit<DemoAccount, 'displayName'>[] = [
  { username: 'admin', roles: ['admin'], description: '系统管理员：用户与角色、审计日志' },
  {
    username: 'agency',
    roles: ['agency'],
    description: '第三方评价机构：评审工作、材料导入、专家抽取与分组',
  },
  { username: 'dept', roles: ['department'], description: '主管部门：审核评审结果与建议名单' },
  { username: 'chair', roles: ['chair', 'expert'], description: '专家组组长（四川年度评价 第一组）' },
  { username: 'expert', roles: ['expert'], description: '评审专家（四川年度评价 第二组，有待完成的评分表）' },
];

export function buildDemoDataset(seed = DEMO_SEED): DemoDataset {
  const rng = createRng(seed);
  const { organisations, platforms } = buildPlatforms(rng);
  const experts = buildExperts(rng);
  const userIds = Object.fromEntries(DEMO_ACCOUNT_PLAN.map((a) => [a.username, rng.id()]));

  const ds: DemoDataset = {
    accounts: [],
    userIds,
    organisations: organisations.map((o) => ({ ...o })),
    platforms: platforms.map((p) => {
      const recognition = p.history.find((h) => h.kind === 'recognition');
      return {
        id: p.id,
        name: p.name,
        jurisdiction: p.jurisdiction,
        category: p.category,
        fields: json(p.fields),
        scopes: json(p.scopes),
        batch: p.batch,
        status: p.status,
        listedYear: recognition?.year ?? null,
        removedYear: p.removedIn,
        bannedUntil: p.bannedUntil,
        organisationId: p.org.id,
      };
    }),
    platformResults: platforms.flatMap((p) =>
      p.history.map((h) => ({
        id: rng.id(),
        platformId: p.id,
        year: h.year,
        kind: h.kind,
        grade: h.grade ?? null,
        absent: h.absent ?? false,
        removalGround: h.removalGround ?? null,
      })),
    ),
    schemes: [],
    rounds: [],
    importBatches: [],
    items: [],
    experts: [],
    expertConflicts: [],
    panels: [],
    panelMembers: [],
    assignments: [],
    recusals: [],
    sheets: [],
    results: [],
    sessions: [],
  };

  const orgById = new Map(organisations.map((o) => [o.id, o]));
  const expertById = new Map(experts.map((e) => [e.id, e]));
  const panelPlans: {
    key: string;
    round: RoundPlan;
    name: string;
    fieldGroup: string;
    groups: string[];
    field: string | null;
    region: string;
    seed: string;
  }[] = [
    {
      key: 'p1',
      round: ROUND_PLANS[0],
      name: '第一组（检验检测）',
      fieldGroup: '检验检测',
      groups: ['检验检测'],
      field: '检验检测',
      region: '四川省',
      seed: 'sc2026-p1-3f9a',
    },
    {
      key: 'p2',
      round: ROUND_PLANS[0],
      name: '第二组（信息服务与成果产业化）',
      fieldGroup: '信息服务与成果产业化',
      groups: ['信息服务', '创新成果产业化'],
      field: null,
      region: '四川省',
      seed: 'sc2026-p2-81c4',
    },
    {
      key: 'p3',
      round: ROUND_PLANS[1],
      name: '检验检测领域组',
      fieldGroup: '检验检测',
      groups: ['检验检测'],
      field: null,
      region: '上海市',
      seed: 'sh2025-p3-5be2',
    },
  ];

  const roundIds: Record<string, string> = {};
  const itemsByRound: Record<
    string,
    { item: Prisma.ItemCreateManyInput; platform: PlatformRow; quality: number }[]
  > = {};
  for (const plan of ROUND_PLANS) {
    const preset = getPreset(plan.presetId);
    if (!preset) throw new Error(`demo data: preset ${plan.presetId} missing`);
    const schemeId = rng.id();
    const roundId = rng.id();
    const batchId = rng.id();
    roundIds[plan.key] = roundId;
    ds.schemes.push({
      id: schemeId,
      presetId: preset.id,
      name: `${plan.name}评审方案`,
      jurisdiction: preset.jurisdiction,
      kind: preset.kind,
      definition: json(preset),
      frozenAt: minutesBefore(60 * 24 * 10),
    });
    ds.rounds.push({
      id: roundId,
      name: plan.name,
      jurisdiction: plan.jurisdiction,
      kind: plan.kind,
      year: REVIEW_YEAR,
      schemeId,
      windowStart: plan.windowStart,
      windowEnd: plan.windowEnd,
      deadlines: json(plan.deadlines),
      state: 'scoring',
      createdById: userIds.agency,
      createdAt: minutesBefore(60 * 24 * 80),
    });
    // Listed platforms due an annual / performance evaluation this year (a platform in its
    // triennial year skips the annual one), as the lifecycle engine says.
    const due = platforms.filter(
      (p) =>
        p.jurisdiction === plan.jurisdiction && p.status === 'listed' && p.nextReview?.kind === plan.kind,
    );
    const entries = due.map((platform, i) => {
      const weak = i === due.length - 1; // one dossier fails a threshold, to show the pre-check
      const data = applicationData(rng, platform, weak);
      const eligibility = checkEligibility(preset.eligibility, data);
      const failed = eligibility.rules.filter((r) => r.outcome === 'fail').map((r) => r.label);
      const decision =
        eligibility.overall === 'eligible'
          ? 'admitted'
          : eligibility.overall === 'ineligible'
            ? 'excluded'
            : 'pending';
      const item: Prisma.ItemCreateManyInput = {
        id: rng.id(),
        roundId,
        platformId: platform.id,
        organisationId: platform.org.id,
        kind: 'annualReport',
        name: platform.name,
        group: CATEGORY_LABEL[platform.category],
        data: json(data),
        eligibility: json(eligibility),
        eligibilityDecision: decision,
        eligibilityReason: decision === 'excluded' ? `不符合基本条件：${failed.join('；')}` : null,
        decidedById: decision === 'pending' ? null : userIds.agency,
        decidedAt: decision === 'pending' ? null : minutesBefore(60 * 24 * 20),
        attachments: json([
          {
            name: `第${platform.batch ?? '一'}批-${CATEGORY_LABEL[platform.category]}类-${platform.org.name}.pdf`,
          },
        ]),
        importKey: `${platform.org.uscc}:${platform.name}`,
        importBatchId: batchId,
      };
      return { item, platform, quality: 0.55 + rng.next() * 0.4 };
    });
    itemsByRound[plan.key] = entries;
    ds.importBatches.push({
      id: batchId,
      roundId,
      kind: 'items',
      fileName: plan.fileName,
      fileSha256: rng.id().padEnd(64, '0').slice(0, 64),
      rowCount: entries.length,
      created: entries.length,
      state: 'committed',
      createdById: userIds.agency,
      createdAt: minutesBefore(60 * 24 * 30),
    });
    ds.items.push(...entries.map((e) => e.item));
  }

  // Panels, drawn by the engine with a recorded seed; a Sichuan expert sits on one panel only.
  const seated = new Set<string>();
  const panels: { id: string; plan: (typeof panelPlans)[number]; members: string[]; chairId: string }[] = [];
  for (const plan of panelPlans) {
    const exclude = [...seated].map((expertId) => ({ expertId, reason: '已在本轮其他专家组' }));
    const draw = drawPanel(
      experts.map((e) => ({ id: e.id, name: e.name, fields: e.fields, region: e.region, title: e.title })),
      {
        size: 5,
        backups: 1,
        field: plan.field,
        region: plan.region,
        seed: plan.seed,
        exclude,
        chair: { kind: 'highest_title' },
      },
    );
    if (!draw.ok)
      throw new Error(
        `demo data: draw ${plan.key} failed: ${draw.problems.map((p) => p.message).join('; ')}`,
      );
    const panelId = rng.id();
    ds.panels.push({
      id: panelId,
      roundId: roundIds[plan.round.key],
      name: plan.name,
      fieldGroup: plan.fieldGroup,
      size: 5,
      quorum: 3,
      drawSeed: plan.seed,
      drawnAt: minutesBefore(60 * 24 * 14),
      // The replayable draw record of app/utils/panel-schema.ts (drawRecordSchema).
      drawFilter: json({
        field: plan.field,
        region: plan.region ?? null,
        size: 5,
        backups: 1,
        chair: { kind: 'highest_title' },
        excludeConflicted: false,
        pool: [...draw.value.candidates]
          .sort()
          .map((id) => ({ id, title: experts.find((e) => e.id === id)?.title ?? null })),
        excluded: draw.value.excluded,
      }),
      state: 'confirmed',
    });
    draw.value.members.forEach((expertId, i) => {
      seated.add(expertId);
      ds.panelMembers.push({
        id: rng.id(),
        panelId,
        expertId,
        role: expertId === draw.value.chairId ? 'chair' : 'member',
        drawOrder: i + 1,
      });
    });
    draw.value.backups.forEach((expertId, i) => {
      seated.add(expertId);
      ds.panelMembers.push({
        id: rng.id(),
        panelId,
        expertId,
        role: 'backup',
        drawOrder: draw.value.members.length + i + 1,
      });
    });
    panels.push({ id: panelId, plan, members: draw.value.members, chairId: draw.value.chairId });
  }

  // Demo accounts: the chair of the finished first panel, and a member of the second panel who
  // still has sheets to draft and submit.
  const [p1, p2, p3] = panels;
  const chairExpert = expertById.get(p1.chairId);
  const memberExpert = expertById.get(p2.members.filter((m) => m !== p2.chairId)[2] ?? '');
  if (!chairExpert || !memberExpert) throw new Error('demo data: no chair or member for the demo accounts');
  chairExpert.userId = userIds.chair;
  memberExpert.userId = userIds.expert;
  const displayNames: Record<string, string> = {
    admin: '系统管理员',
    agency: '评价机构 周敏',
    dept: '主管部门 邓立新',
    chair: chairExpert.name,
    expert: memberExpert.name,
  };
  ds.accounts = DEMO_ACCOUNT_PLAN.map((a) => ({ ...a, displayName: displayNames[a.username] }));

  // Assign eligible items to panels by group, in a stable order.
  const assigned: Record<
    string,
    { item: Prisma.ItemCreateManyInput; platform: PlatformRow; quality: number }[]
  > = {};
  for (const panel of panels) {
    assigned[panel.id] = itemsByRound[panel.plan.round.key].filter(
      (e) => e.item.eligibilityDecision === 'admitted' && panel.plan.groups.includes(e.item.group ?? ''),
    );
  }

  // Recusal facts (回避事项). Some are placed on drawn members on purpose so the demo shows
  // recusals; the rest are ordinary facts of pool experts that do not bite.
  const other = (panel: (typeof panels)[number], index: number) =>
    expertById.get(panel.members.filter((m) => m !== panel.chairId && m !== memberExpert.id)[index] ?? '');
  const conflictOn = (
    expert: ExpertRow | undefined,
    fact: Omit<Prisma.ExpertConflictCreateManyInput, 'id' | 'expertId'>,
  ) => {
    if (!expert) throw new Error('demo data: no expert to attach a conflict to');
    expert.conflicts.push({ id: rng.id(), expertId: expert.id, ...fact });
  };
  const orgOf = (panel: (typeof panels)[number], index: number) => {
    const entry = assigned[panel.id][index % assigned[panel.id].length];
    return { org: orgById.get(entry.platform.org.id) as OrgRow, platform: entry.platform };
  };
  const a = orgOf(p1, 1);
  conflictOn(other(p1, 1), {
    kind: 'formerEmployer',
    organisationName: a.org.name,
    organisationUscc: a.org.uscc,
    untilYear: 2024,
    note: '2019—2024年在该单位任职',
  });
  const b = orgOf(p2, 0);
  conflictOn(other(p2, 2), {
    kind: 'relative',
    organisationName: b.org.name,
    organisationUscc: b.org.uscc,
    note: '配偶在该单位任职',
  });
  const c = orgOf(p3, 2);
  conflictOn(other(p3, 0), {
    kind: 'declared',
    platformId: c.platform.id,
    note: '近两年曾为该平台提供技术咨询',
  });
  for (const e of experts.filter((x) => !seated.has(x.id)).slice(0, 6)) {
    const platform = rng.pick(platforms);
    conflictOn(
      e,
      rng.chance(0.5)
        ? {
            kind: 'formerEmployer',
            organisationName: platform.org.name,
            organisationUscc: platform.org.uscc,
            untilYear: rng.int(2015, 2021),
            note: '已离职多年',
          }
        : {
            kind: 'relative',
            organisationName: platform.org.name,
            organisationUscc: platform.org.uscc,
            note: '近亲属在该单位任职',
          },
    );
  }

  // Assignments, recusals from the engine's conflict check, and score sheets.
  const scoringPlan: Record<
    string,
    (memberIndex: number, itemIndex: number, items: number, expertId: string) => 'submitted' | 'draft' | null
  > = {
    // The first panel has finished: every sheet submitted, results computed.
    [p1.id]: () => 'submitted',
    // The second is mid-way: the demo expert has drafted half, the others have submitted or
    // not started.
    [p2.id]: (m, i, n, expertId) =>
      expertId === memberExpert.id ? (i < n / 2 ? 'draft' : null) : m < 3 ? 'submitted' : null,
    // The Shanghai panel has scored the first half before its defence session.
    [p3.id]: (m, i) => (m < 3 && i < 6 ? 'submitted' : m === 3 && i >= 6 && i < 8 ? 'draft' : null),
  };
  const unstarted: Omit<Prisma.ScoreSheetCreateManyInput, 'id'>[] = [];
  for (const panel of panels) {
    const preset = getPreset(panel.plan.round.presetId) as Preset;
    const bias = new Map(panel.members.map((m) => [m, (rng.next() - 0.5) * 0.12]));
    const entries = assigned[panel.id];
    entries.forEach((entry, itemIndex) => {
      const assignmentId = rng.id();
      ds.assignments.push({
        id: assignmentId,
        panelId: panel.id,
        itemId: entry.item.id as string,
        order: itemIndex + 1,
      });
      const org = orgById.get(entry.platform.org.id) as OrgRow;
      const parent = org.parentId ? orgById.get(org.parentId) : undefined;
      const itemFacts: ItemFacts = {
        id: entry.item.id as string,
        name: entry.item.name,
        platformId: entry.platform.id,
        unit: { name: org.name, uscc: org.uscc },
        parent: parent ? { name: parent.name, uscc: parent.uscc } : null,
      };
      panel.members.forEach((expertId, memberIndex) => {
        const expert = expertById.get(expertId) as ExpertRow;
        const conflicts = findConflicts(expertFacts(expert), itemFacts, REVIEW_YEAR);
        if (conflicts.length > 0) {
          ds.recusals.push({
            id: rng.id(),
            assignmentId,
            expertId,
            kind: recusalKind(conflicts),
            reason: conflicts.map((x) => x.message).join('；'),
            createdAt: minutesBefore(60 * 24 * 12),
          });
          return;
        }
        const state = scoringPlan[panel.id](memberIndex, itemIndex, entries.length, expertId);
        if (!state) {
          // Not started yet: an empty draft, as 开始专家评审 creates for every seated member × item
          // (its id is drawn at the end, so the rest of the dataset keeps its ids).
          unstarted.push({
            roundId: roundIds[panel.plan.round.key],
            itemId: entry.item.id as string,
            expertId,
            panelId: panel.id,
          });
          return;
        }
        const scores = scoreSheet(rng, preset, entry.quality, bias.get(expertId) ?? 0, state === 'submitted');
        const sheet: SheetInput = { itemId: entry.item.id as string, expertId, scores };
        const total = state === 'submitted' ? sheetTotal(preset.scheme.rubric, sheet) : null;
        if (total && !total.ok)
          throw new Error(`demo data: invalid sheet: ${total.problems.map((p) => p.message).join('; ')}`);
        const at = minutesBefore(rng.int(60, 60 * 24 * 6));
        ds.sheets.push({
          id: rng.id(),
          roundId: roundIds[panel.plan.round.key],
          itemId: entry.item.id as string,
          expertId,
          panelId: panel.id,
          scores: json(scores),
          total: total && total.ok ? String(total.value) : null,
          comment: state === 'submitted' ? comment(rng, entry.quality) : null,
          state,
          version: state === 'submitted' ? 2 : 1,
          submittedAt: state === 'submitted' ? at : null,
          createdAt: new Date(at.getTime() - 3_600_000),
          updatedAt: at,
        });
      });
    });
  }

  // The Shanghai panel meets for its defence session (集中答辩) next week.
  ds.sessions.push({
    id: rng.id(),
    panelId: p3.id,
    name: '2025年度绩效评估 检验检测领域组 集中答辩',
    venue: '上海市徐汇区钦州路100号 3楼第二会议室',
    scheduledAt: new Date('2026-11-25T01:00:00.000Z'),
    state: 'scheduled',
    order: json(assigned[p3.id].map((e) => e.item.id)),
    timers: json({ presentSeconds: 600, qaSeconds: 600, scoringSeconds: 300 }),
  });

  // Results are not built here: seeds/load.server.ts computes them through the real model
  // (recomputeRound → recomputeItem → scoring/gradeItems) once the sheets are written.
  const draftAt = minutesBefore(60 * 24 * 10);
  for (const sheet of unstarted)
    ds.sheets.push({
      id: rng.id(),
      ...sheet,
      state: 'draft',
      version: 1,
      createdAt: draftAt,
      updatedAt: draftAt,
    });

  ds.experts = experts.map(({ conflicts: _conflicts, ...e }) => ({ ...e, fields: json(e.fields) }));
  ds.expertConflicts = experts.flatMap((e) => e.conflicts);
  return ds;
}
