// The application data fields (申报书 / 年度运行情况表 columns) that eligibility rules read.
// Defined once here: the xlsx templates and importer use `key` as the column id and `label` as the
// Chinese header, and every EligibilityCondition.field in the presets must be one of these keys
// (a test checks it). Units follow the forms: money in 万元, ratios in percent (55 means 55%).
import type { Jurisdiction } from '#scoring/types';

export type ApplicationFieldType =
  | 'text' // free text
  | 'date' // ISO date after strict parsing (scoring/dates.ts)
  | 'list' // several choices from a fixed list, separated by 、 or ;
  | 'integer' // whole count ≥ 0
  | 'number' // decimal ≥ 0 (money, area, years)
  | 'percent' // 0–100
  | 'boolean'; // 是 / 否

export interface ApplicationField {
  key: string;
  label: string; // Chinese column header
  type: ApplicationFieldType;
  unit?: string;
  jurisdictions: Jurisdiction[]; // whose forms ask for it
  source: string; // where the form or the rules ask for it
  help?: string; // what to enter, shown in the template's instructions sheet
}

const NATIONAL: Jurisdiction[] = ['miit', 'sichuan'];
const ALL: Jurisdiction[] = ['miit', 'sichuan', 'shanghai'];

export const applicationFields: readonly ApplicationField[] = [
  {
    key: 'unitName',
    label: '申报单位',
    type: 'text',
    jurisdictions: ALL,
    source: '申报书 一、申报单位基本信息',
    help: '法人证书或营业执照上的单位全称',
  },
  {
    key: 'creditCode',
    label: '统一社会信用代码',
    type: 'text',
    jurisdictions: ALL,
    source: '申报书 一、申报单位基本信息',
    help: '18位，按 GB 32100-2015 校验',
  },
  {
    key: 'registeredDate',
    label: '注册日期',
    type: 'date',
    jurisdictions: ALL,
    source: '申报书 一、申报单位基本信息',
  },
  {
    key: 'serviceFields',
    label: '服务行业领域',
    type: 'list',
    jurisdictions: NATIONAL,
    source: '第五条；四川申报书填写说明三（一般不超过三个）',
    help: '从领域清单中选择，以顿号分隔',
  },
  {
    key: 'serviceScopes',
    label: '服务范围',
    type: 'list',
    jurisdictions: NATIONAL,
    source: '第五条；四川申报书填写说明四（至少填写一个）',
    help: '从服务范围清单中选择，以顿号分隔',
  },
  {
    key: 'serviceFieldsCount',
    label: '服务行业领域数',
    type: 'integer',
    unit: '个',
    jurisdictions: NATIONAL,
    source: '四川申报书填写说明三',
    help: '由“服务行业领域”计算得出',
  },
  {
    key: 'serviceScopesCount',
    label: '服务范围数',
    type: 'integer',
    unit: '个',
    jurisdictions: NATIONAL,
    source: '四川申报书填写说明四',
    help: '由“服务范围”计算得出',
  },
  {
    key: 'independentLegalPerson',
    label: '具有独立法人资格',
    type: 'boolean',
    jurisdictions: NATIONAL,
    source: '工信部科〔2025〕261号、川经信规〔2025〕9号 第六条（一）',
  },
  {
    key: 'isBranch',
    label: '是否为已认定服务平台的分支机构',
    type: 'boolean',
    jurisdictions: NATIONAL,
    source: '第二十条',
  },
  {
    key: 'businessShare',
    label: '产业技术基础服务业务占比',
    type: 'percent',
    unit: '%',
    jurisdictions: NATIONAL,
    source: '第六条（二）',
  },
  {
    key: 'serviceYears',
    label: '产业技术基础服务经历',
    type: 'number',
    unit: '年',
    jurisdictions: NATIONAL,
    source: '第六条（四）',
  },
  {
    key: 'influentialCases',
    label: '具有行业影响力的服务案例数',
    type: 'integer',
    unit: '项',
    jurisdictions: NATIONAL,
    source: '第六条（四）；申报书 二（四）',
  },
  {
    key: 'staffTotal',
    label: '专职从事相关科研和服务的从业人员',
    type: 'integer',
    unit: '人',
    jurisdictions: NATIONAL,
    source: '第六条（五）；申报书 二（六）',
  },
  {
    key: 'seniorStaffRatio',
    label: '硕士及以上学历或中级职称及以上人员比例',
    type: 'percent',
    unit: '%',
    jurisdictions: NATIONAL,
    source: '第六条（五）；申报书 二（六）',
  },
  {
    key: 'qualifiedStaff',
    label: '持有从业资格证书的专业人员',
    type: 'integer',
    unit: '人',
    jurisdictions: NATIONAL,
    source: '申报书 二（六）',
  },
  {
    key: 'qualifiedStaffRatio',
    label: '具有从业资质和科研成果的人员比例',
    type: 'percent',
    unit: '%',
    jurisdictions: NATIONAL,
    source: '第六条（五）',
    help: '未直接填写时可由“持有从业资格证书的专业人员”÷“从业人员”计算',
  },
  {
    key: 'equipmentValue',
    label: '技术服务仪器设备（含软件）原值',
    type: 'number',
    unit: '万元',
    jurisdictions: NATIONAL,
    source: '第六条（六）；申报书 一',
  },
  {
    key: 'relatedIncome',
    label: '年相关服务收入',
    type: 'number',
    unit: '万元/年',
    jurisdictions: NATIONAL,
    source: '第六条（六）；申报书 近三年运营概况（取最近一年）',
  },
  {
    key: 'revenue',
    label: '营业收入',
    type: 'number',
    unit: '万元',
    jurisdictions: NATIONAL,
    source: '申报书 近三年运营概况；年度运行情况表',
  },
  {
    key: 'ownFloorArea',
    label: '自有场地面积',
    type: 'number',
    unit: '平方米',
    jurisdictions: NATIONAL,
    source: '申报书 一',
  },
  {
    key: 'nationalProjects3y',
    label: '近3年承担国家级或省部级项目数',
    type: 'integer',
    unit: '项',
    jurisdictions: NATIONAL,
    source: '第六条（七）；申报书 二（三）',
  },
  {
    key: 'standardsProjects3y',
    label: '近3年承担国家、行业标准制修订项目数',
    type: 'integer',
    unit: '项',
    jurisdictions: NATIONAL,
    source: '申报书 二（三）',
  },
  {
    key: 'clientsServed3y',
    label: '近3年服务企业数',
    type: 'integer',
    unit: '家',
    jurisdictions: NATIONAL,
    source: '申报书 二（四）',
  },
  {
    key: 'registeredInShanghai',
    label: '依托单位为本市注册的法人或非法人组织',
    type: 'boolean',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（一）',
  },
  {
    key: 'clientUnits',
    label: '对外服务单位数量',
    type: 'integer',
    unit: '家',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（二）',
  },
  {
    key: 'localIndustryShare',
    label: '服务单位占本市行业内单位总数比例',
    type: 'percent',
    unit: '%',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（二）',
  },
  {
    key: 'serviceIncome',
    label: '年技术服务收入',
    type: 'number',
    unit: '万元/年',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（二）',
  },
  {
    key: 'instrumentValue',
    label: '对外服务仪器设施价值总额',
    type: 'number',
    unit: '万元',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（三）',
  },
  {
    key: 'floorArea',
    label: '对外服务场地面积',
    type: 'number',
    unit: '平方米',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（三）',
  },
  {
    key: 'fixedStaff',
    label: '固定人员数量',
    type: 'integer',
    unit: '人',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（四）',
  },
  {
    key: 'titledStaffRatio',
    label: '具备中高级职称或职业从业资格的人员比例',
    type: 'percent',
    unit: '%',
    jurisdictions: ['shanghai'],
    source: '沪科规〔2022〕2号 第七条（四）',
  },
];

export function applicationField(key: string): ApplicationField | undefined {
  return applicationFields.find((f) => f.key === key);
}
