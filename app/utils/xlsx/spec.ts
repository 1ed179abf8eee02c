// Declarative description of the two workbooks the agencies exchange with platforms: the 申报书
// (application, 川经信规〔2025〕9号 附件1) and the 年度运行情况表 (annual operation report, 附件2 and
// the 工科函〔2022〕591号 report template). The same description drives template generation and
// import validation, so a header the template writes is always a header the reader knows.
import type { EligibilityCondition, EligibilityRule, Jurisdiction } from '#scoring/types';
import { applicationField } from '#seeds/presets/application-fields';
import {
  ACHIEVEMENT_KINDS,
  APPLICANT_TYPES,
  INVESTOR_NATURES,
  MAX_SERVICE_FIELDS,
  PLATFORM_CATEGORIES,
  SERVICE_LISTS,
  YES_NO,
} from './options';

export type ColumnType =
  | { kind: 'text'; maxLength: number }
  | { kind: 'uscc' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'percent' }
  | { kind: 'date' }
  | { kind: 'bool' }
  | { kind: 'email' }
  | { kind: 'enum'; list: OptionList }
  // Several values from a list, one per slot column (服务行业领域1, 2, 3); a slot may also hold several
  // values separated by 、 so a pasted "装备、钢铁" is understood.
  | { kind: 'multi'; list: OptionList; slots: number; min: number; max: number };

export interface OptionList {
  name: string; // heading on the 选项 sheet
  values: readonly string[];
  owner?: string; // whose list it is (四川省), for lists that differ by jurisdiction
  aliases?: Readonly<Record<string, string>>; // other wording of a value → the value stored
}

/** The list as messages and instructions name it: 四川省服务行业领域. */
export const listTitle = (list: OptionList): string => `${list.owner ?? ''}${list.name}`;

export interface ColumnSpec {
  key: string;
  header: string;
  type: ColumnType;
  required: boolean;
  note?: string; // shown in the 填写说明 sheet
}

export interface SheetSpec {
  name: string;
  // 'one': exactly one row per unit; 'many': any number of rows per unit, up to maxPerUnit.
  cardinality: 'one' | 'many';
  maxPerUnit?: number;
  // 'many' sheets: the key their rows are stored under in the item's data (data.details.<key>).
  detailKey?: string;
  description: string;
  columns: ColumnSpec[];
}

export type TemplateKind = 'application' | 'annual_report';

export interface WorkbookSpec {
  kind: TemplateKind;
  jurisdiction: Jurisdiction; // whose service fields and scopes the drop-downs and checks use
  title: string;
  optionLists: OptionList[]; // the 选项 sheet, one column each
  sheets: SheetSpec[]; // the first sheet is the unit sheet: one row per unit, with its name
}

export const USCC_HEADER = '统一社会信用代码';
export const INSTRUCTIONS_SHEET = '填写说明';
export const OPTIONS_SHEET = '选项';

function serviceLists(jurisdiction: Jurisdiction): {
  source: string;
  fields: OptionList;
  scopes: OptionList;
} {
  const l = SERVICE_LISTS[jurisdiction];
  return {
    source: l.source,
    fields: { name: '服务行业领域', values: l.fields, owner: l.label },
    scopes: { name: '服务范围', values: l.scopes, owner: l.label, aliases: l.scopeAliases },
  };
}

type ServiceLists = ReturnType<typeof serviceLists>;

const lists = {
  categories: { name: '平台类别', values: PLATFORM_CATEGORIES },
  applicantTypes: { name: '申报单位类型', values: APPLICANT_TYPES },
  investorNatures: { name: '投资方经济性质', values: INVESTOR_NATURES },
  yesNo: { name: '是/否', values: YES_NO },
  achievementKinds: { name: '成果类别', values: ACHIEVEMENT_KINDS },
} satisfies Record<string, OptionList>;

// The 选项 sheet: the jurisdiction's service lists, then the lists every jurisdiction shares.
const optionLists = (service: ServiceLists): OptionList[] => [
  service.fields,
  service.scopes,
  ...Object.values(lists),
];

const text = (maxLength = 200): ColumnType => ({ kind: 'text', maxLength });
const count: ColumnType = { kind: 'integer', min: 0, max: 10_000_000 };
const money: ColumnType = { kind: 'number', min: 0, max: 100_000_000 }; // 万元
const bool: ColumnType = { kind: 'bool' };

function col(key: string, header: string, type: ColumnType, required = false, note?: string): ColumnSpec {
  return note === undefined ? { key, header, type, required } : { key, header, type, required, note };
}

const usccColumn = col('uscc', USCC_HEADER, { kind: 'uscc' }, true, '18位，与营业执照或法人证书一致');
const nameColumn = col('name', '申报单位', text(100), true, '法人证书或营业执照上的单位全称');
const platformNameColumn = col('platformName', '平台名称', text(100), false, '不填则以单位名称作为平台名称');
const categoryColumn = col(
  'category',
  '平台类别',
  { kind: 'enum', list: lists.categories },
  true,
  '检验检测、信息服务或创新成果产业化',
);
const fieldsColumn = (service: ServiceLists, note = `从下拉列表选择，一般不超过${MAX_SERVICE_FIELDS}项`) =>
  col(
    'serviceFields',
    '服务行业领域',
    { kind: 'multi', list: service.fields, slots: MAX_SERVICE_FIELDS, min: 1, max: MAX_SERVICE_FIELDS },
    true,
    `${note}；可选值为${service.fields.owner}清单（${service.source}）`,
  );
const scopesColumn = (service: ServiceLists) =>
  col(
    'serviceScopes',
    '服务范围',
    { kind: 'multi', list: service.scopes, slots: 4, min: 1, max: service.scopes.values.length },
    true,
    '至少填写一项；超过4项时可在一格内用顿号“、”分隔',
  );

const applicationSpec = (jurisdiction: Jurisdiction, service: ServiceLists): WorkbookSpec => ({
  kind: 'application',
  jurisdiction,
  optionLists: optionLists(service),
  title: '产业技术基础公共服务平台申报书',
  sheets: [
    {
      name: '基本信息',
      cardinality: 'one',
      description: '一、申报单位基本信息：每个申报单位一行',
      columns: [
        nameColumn,
        usccColumn,
        platformNameColumn,
        fieldsColumn(service),
        scopesColumn(service),
        categoryColumn,
        col('applicantType', '申报单位类型', { kind: 'enum', list: lists.applicantTypes }),
        col('independentLegalPerson', '是否具有独立法人资格', bool, true),
        col(
          'parentUscc',
          '上级单位统一社会信用代码',
          { kind: 'uscc' },
          false,
          '分支机构填写其上级法人单位的代码',
        ),
        col('recommender', '推荐单位', text(100)),
        col('registeredDate', '注册日期', { kind: 'date' }, true, '如 2015-03-20 或 2015年3月20日'),
        col('serviceStartedOn', '开始提供相关服务日期', { kind: 'date' }, true, '用于计算服务年限'),
        col('address', '注册地址', text(200)),
        col('website', '申报单位网址', text(200)),
        col('postcode', '邮政编码', text(6)),
        col('inIndustrialBase', '是否位于国家新型工业化示范基地', bool),
        col('isQualityLab', '是否是质量控制和技术评价实验室', bool),
        col('leaderName', '平台负责人姓名', text(50), true),
        col('leaderTitle', '平台负责人职务/职称', text(50)),
        col('leaderEducation', '平台负责人学历', text(50)),
        col('leaderMobile', '平台负责人手机', text(30)),
        col('leaderEmail', '平台负责人电子邮箱', { kind: 'email' }),
        col('contactName', '申报联系人姓名', text(50), true),
        col('contactPhone', '申报联系人电话', text(30), true),
        col('contactMobile', '申报联系人手机', text(30)),
        col('contactEmail', '申报联系人电子邮箱', { kind: 'email' }),
        col('registeredCapital', '注册资本（万元）', money),
        col('mainInvestor', '主要投资方名称', text(200)),
        col('investorNature', '投资方经济性质', { kind: 'enum', list: lists.investorNatures }),
        col('totalAssets', '总资产（万元）', money),
        col('equipmentUnits', '技术服务设备（含软件）台套数', count),
        col('equipmentValue', '技术服务设备原值（万元）', money, true),
        col('ownFloorArea', '自有场地面积（平方米）', { kind: 'number', min: 0, max: 10_000_000 }),
        col('cmaCertified', '是否通过国家检验检测机构资质认定', bool),
        col('cnasAccredited', '是否通过国家检测和校准实验室认可', bool),
        col('otherQualifications', '其他专业服务资质', text(500)),
        col('patentsApplied', '近3年专利申请数', count),
        col('patentsGranted', '近3年专利授权数', count),
        col('softwareApplied', '近3年软件著作权申请数', count),
        col('softwareGranted', '近3年软件著作权授权数', count),
        col('clientsServed3y', '近3年服务企业数（家）', count),
      ],
    },
    {
      name: '人员情况',
      cardinality: 'one',
      description: '（六）人才队伍：每个申报单位一行',
      columns: [
        usccColumn,
        col('staffTotal', '专职从业人员总数（人）', count, true, '专职从事产业技术基础相关科研和服务的人员'),
        col(
          'seniorStaffRatio',
          '硕士及以上学历或中级及以上职称人员比例（%）',
          { kind: 'percent' },
          true,
          '填 0–100 的数，如 45 或 45%',
        ),
        col('qualifiedStaff', '持有从业资格证书的专业人员数（人）', count, true),
        col('serviceStaff', '专职从事相关服务人数（人）', count),
      ],
    },
    {
      name: '近三年运营',
      cardinality: 'many',
      detailKey: 'operations',
      maxPerUnit: 3,
      description: '近三年运营概况：每个单位每年一行，最多3行',
      columns: [
        usccColumn,
        col('year', '年度', { kind: 'integer', min: 1990, max: 2100 }, true),
        col('revenue', '营业收入（万元）', money, true),
        col('relatedIncome', '其中：相关服务收入（万元）', money, true),
        col('profit', '利润总额（万元）', { kind: 'number', min: -100_000_000, max: 100_000_000 }),
        col('serviceContracts', '签订服务协议户数', count),
      ],
    },
    {
      name: '项目成果',
      cardinality: 'many',
      detailKey: 'projects',
      maxPerUnit: 500,
      description: '（三）近3年主要项目成果：每项一行',
      columns: [
        usccColumn,
        col('kind', '成果类别', { kind: 'enum', list: lists.achievementKinds }, true),
        col('title', '项目或成果名称', text(200), true),
        col('year', '年度', { kind: 'integer', min: 1990, max: 2100 }),
      ],
    },
    {
      name: '服务案例',
      cardinality: 'many',
      detailKey: 'cases',
      maxPerUnit: 50,
      description: '（四）近3年主要服务成果：较能体现服务能力的案例，每个案例一行',
      columns: [
        usccColumn,
        col('client', '服务单位名称', text(100), true),
        col('content', '服务内容', text(1000), true),
        col('period', '服务时间', text(100)),
        col('effect', '服务前后效益效果对比', text(1000)),
      ],
    },
    {
      name: '仪器设备',
      cardinality: 'many',
      detailKey: 'equipment',
      maxPerUnit: 5000,
      description: '（五）主要仪器设备设施、软件和数据资源：每项一行',
      columns: [
        usccColumn,
        col('name', '设备、软件或数据资源名称', text(200), true),
        col('maker', '生产厂商', text(200)),
        col('quantity', '数量（台套）', count, true),
        col('value', '原值（万元）', money, true),
        col('selfMade', '是否自行研制', bool),
      ],
    },
  ],
});

const annualCount = (key: string, header: string, required = false) => col(key, header, count, required);

const annualReportSpec = (jurisdiction: Jurisdiction, service: ServiceLists): WorkbookSpec => ({
  kind: 'annual_report',
  jurisdiction,
  optionLists: optionLists(service),
  title: '产业技术基础公共服务平台年度运行情况表',
  sheets: [
    {
      name: '年度运行情况',
      cardinality: 'one',
      description: '每个平台一行，填写统计区间内的建设运行情况',
      columns: [
        col('name', '企业名称', text(100), true),
        usccColumn,
        platformNameColumn,
        categoryColumn,
        col('batch', '列入批次', text(20), false, '如 第一批'),
        col('windowFrom', '统计区间起', { kind: 'date' }, true, '如 2025-01-01'),
        col('windowTo', '统计区间止', { kind: 'date' }, true, '如 2025-12-31'),
        col('contactName', '联系人', text(50), true),
        col('contactPhone', '联系电话', text(30), true),
        col('contactMobile', '手机', text(30)),
        col('contactEmail', '邮箱', { kind: 'email' }),
        fieldsColumn(service, `须与申报时保持一致，一般不超过${MAX_SERVICE_FIELDS}项`),
        scopesColumn(service),
        col('revenue', '年度营业收入（万元）', money, true),
        col('relatedIncome', '其中：年度相关服务收入（万元）', money, true),
        col('profit', '年度利润总额（万元）', { kind: 'number', min: -100_000_000, max: 100_000_000 }),
        annualCount('serviceContracts', '年度签订服务协议户数'),
        annualCount('nationalProjects', '国家级项目/课题数（个）'),
        annualCount('provincialProjects', '省部级项目/课题数（个）'),
        annualCount('otherProjects', '其他项目/课题数（个）'),
        annualCount('nationalAwards', '国家级奖励（个）'),
        annualCount('provincialAwards', '省部级奖励（个）'),
        col('awardNames', '奖励名称', text(500)),
        annualCount('serviceTimes', '提供服务次数（次）', true),
        annualCount('smeServiceTimes', '其中中小企业服务次数（次）'),
        annualCount('clientsServed', '服务企业数量（家）', true),
        annualCount('smeClientsServed', '其中中小企业服务数量（家）'),
        annualCount('forums', '举办论坛数（场）'),
        annualCount('forumAttendance', '论坛参会人数（人次）'),
        annualCount('trainings', '举办培训会数（场）'),
        annualCount('trainees', '培训人数（人次）'),
        annualCount('otherMeetings', '其他交流会（场）'),
        annualCount('otherMeetingAttendance', '其他交流会参会人数（人次）'),
        annualCount('specialActivities', '其他特色活动（项）'),
        col('specialActivityNames', '特色活动名称', text(500)),
        annualCount('serviceStaff', '从事相关服务人数（人）', true),
        annualCount('newEquipmentUnits', '新增设备台套数'),
        col('newEquipmentValue', '新增设备原值（万元）', money),
        annualCount('certifiedLabs', '通过国家（国际组织）认证的实验室和检测机构数（个）'),
        annualCount('newQualifications', '新增取得的省级以上示范、试点或资质数（项）'),
        col('hasDatabase', '是否有数据采集及数据库建设', bool),
        annualCount('newDatabases', '新数据库建设数量（个）'),
        annualCount('newDataEntries', '新增数据条目（条）'),
        annualCount('newInnovations', '新增创新成果项目数（项）'),
        annualCount('patentsApplied', '新增专利申请数（件）'),
        annualCount('patentsGranted', '新增专利授权数（件）'),
        annualCount('softwareCopyrights', '新增软件著作权登记（件）'),
        annualCount('standardsInternational', '新增国际标准（项）'),
        annualCount('standardsNational', '新增国家标准（项）'),
        annualCount('standardsIndustry', '新增行业标准（项）'),
        annualCount('standardsGroup', '新增团体标准（项）'),
        annualCount('standardsEnterprise', '新增企业标准（项）'),
        annualCount('standardsOther', '新增其他标准（项）'),
        annualCount('metrologySpecs', '新增承担计量技术规范制修订项目数（项）'),
        annualCount('industryReports', '行业（或产业）研究报告（份）'),
        annualCount('ipReports', '行业重点领域知识产权研究报告（份）'),
        col('majorChanges', '重要信息变更情况', text(1000)),
        col('highlights', '上年度主要建设成效、亮点', text(600), false, '不超过600字'),
        col('rectification', '上年度违规整改情况', text(1000)),
        col('plan', '本年度工作目标和计划', text(2000)),
      ],
    },
  ],
});

// Keys that data assembly derives from detail sheets rather than reading from one column
// (previewImport in import-preview.ts); eligibility rules may name them.
export const DERIVED_KEYS: Record<TemplateKind, readonly string[]> = {
  application: [
    'serviceYears',
    'influentialCases',
    'nationalProjects3y',
    'standardsProjects3y',
    'isBranch',
    'qualifiedStaffRatio',
    'revenue',
    'relatedIncome',
    'businessShare',
    'serviceContracts',
    'serviceFieldsCount',
    'serviceScopesCount',
  ],
  annual_report: ['businessShare', 'serviceFieldsCount', 'serviceScopesCount', 'isBranch'],
};

export const EXTRA_SHEET = '补充数据';

/**
 * Header and type of a column for data an eligibility condition reads that the fixed form does not
 * collect (a 补充数据 column), or that it derives (so the CLI, which reads such a field from its own
 * column, holds it to the same rule). Quantities the catalogue types as numbers (money, area, years)
 * are never negative; a field an agency invented may be.
 */
export function fieldColumnType(
  condition: Pick<EligibilityCondition, 'field' | 'label' | 'op' | 'value' | 'unit'>,
): {
  header: string;
  type: ColumnType;
} {
  // The shared field catalogue names the quantity (对外服务场地面积); the condition label, the
  // threshold (不少于150平方米), is the fallback for a field an agency invented.
  const field = applicationField(condition.field);
  const unit = field?.unit ?? condition.unit;
  const header = `${field?.label ?? condition.label}${unit ? `（${unit}）` : ''}`;
  const type: ColumnType =
    field?.type === 'boolean' || condition.op === 'true' || typeof condition.value === 'boolean'
      ? bool
      : field?.type === 'percent'
        ? { kind: 'percent' }
        : field?.type === 'integer'
          ? count
          : field?.type === 'number'
            ? { kind: 'number', min: 0, max: 1_000_000_000 }
            : { kind: 'number', min: -1_000_000_000, max: 1_000_000_000 };
  return { header, type };
}

/**
 * The workbook description for a template kind. Eligibility rules of the round's scheme may name
 * data the fixed form does not collect; each such field gets a column on a 补充数据 sheet, so every
 * rule the engine will check can be filled in. The service field and scope drop-downs and checks are
 * the jurisdiction's own lists (options.ts); without one, Sichuan's (the printed 附件1 form).
 */
export function workbookSpec(
  kind: TemplateKind,
  eligibility: EligibilityRule[] = [],
  jurisdiction: Jurisdiction = 'sichuan',
): WorkbookSpec {
  const service = serviceLists(jurisdiction);
  const base =
    kind === 'application' ? applicationSpec(jurisdiction, service) : annualReportSpec(jurisdiction, service);
  const known = new Set<string>(DERIVED_KEYS[kind]);
  for (const sheet of base.sheets) {
    if (sheet.cardinality === 'one') for (const c of sheet.columns) known.add(c.key);
  }
  const extra = new Map<string, ColumnSpec>();
  for (const rule of eligibility) {
    for (const condition of rule.conditions) {
      if (known.has(condition.field) || extra.has(condition.field)) continue;
      const { header, type } = fieldColumnType(condition);
      extra.set(
        condition.field,
        col(
          condition.field,
          header,
          type,
          false,
          applicationField(condition.field)?.help ?? `基本条件“${rule.label}”所需数据，填写实际值`,
        ),
      );
    }
  }
  if (extra.size === 0) return base;
  return {
    ...base,
    sheets: [
      ...base.sheets,
      {
        name: EXTRA_SHEET,
        cardinality: 'one',
        description: '本轮评审基本条件所需的其他数据：每个单位一行',
        columns: [usccColumn, ...extra.values()],
      },
    ],
  };
}

/** Header text of each physical column of a logical column (multi columns have one per slot). */
export function physicalHeaders(column: ColumnSpec): string[] {
  if (column.type.kind !== 'multi') return [column.header];
  return Array.from({ length: column.type.slots }, (_, i) => `${column.header}${i + 1}`);
}
