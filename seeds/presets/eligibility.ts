// Eligibility rules (基本条件) of each jurisdiction, as data for checkEligibility.
// MIIT and Sichuan share the structure of 第六条 and differ only in thresholds. Qualitative
// conditions (完善的运行机制, 公信度高, 学术带头人) are left to the experts and have no rule here.
// "以上 / 不低于 / 不少于" include the number itself (≥); "超过" excludes it (>).
// The annual, triennial and Shanghai performance presets carry the same rules: a listed platform
// must go on meeting them (应当具备), so the pre-check flags one that no longer does for the agency
// to decide on; it is a signal there, not a gate.
import type { EligibilityRule } from '#scoring/types';

interface NationalThresholds {
  document: string; // e.g. 工信部科〔2025〕261号
  staffTotal: number;
  seniorStaffRatio: number;
  qualifiedStaffRatio: number;
  equipmentValue: number; // 万元
  relatedIncome: number; // 万元/年
}

function nationalRules(t: NationalThresholds): EligibilityRule[] {
  const art = (clause: string) => `${t.document} 第六条（${clause}）`;
  return [
    {
      id: 'legal-person',
      label: '具有独立法人资格',
      source: art('一'),
      conditions: [
        {
          id: 'legal-person',
          label: '具有独立法人资格',
          field: 'independentLegalPerson',
          op: 'true',
        },
      ],
    },
    {
      id: 'business-share',
      label: '主要从事产业技术基础服务（60%以上业务与产业技术基础服务相关）',
      source: art('二'),
      conditions: [
        {
          id: 'business-share',
          label: '产业技术基础服务业务占比不低于60%',
          field: 'businessShare',
          op: '>=',
          value: 60,
          unit: '%',
        },
      ],
    },
    {
      id: 'service-record',
      label: '不少于1年服务经历和至少3项行业影响力服务案例',
      source: art('四'),
      conditions: [
        {
          id: 'service-years',
          label: '产业技术基础服务经历不少于1年',
          field: 'serviceYears',
          op: '>=',
          value: 1,
          unit: '年',
        },
        {
          id: 'influential-cases',
          label: '具有行业影响力的服务案例至少3项',
          field: 'influentialCases',
          op: '>=',
          value: 3,
          unit: '项',
        },
      ],
    },
    {
      id: 'staff',
      label: `从业人员不少于${t.staffTotal}人，其中硕士或中级职称以上专业人员比例不低于${t.seniorStaffRatio}%，${t.qualifiedStaffRatio}%以上的人员具有从业资质和科研成果`,
      source: art('五'),
      conditions: [
        {
          id: 'staff-total',
          label: `从业人员不少于${t.staffTotal}人`,
          field: 'staffTotal',
          op: '>=',
          value: t.staffTotal,
          unit: '人',
        },
        {
          id: 'senior-staff-ratio',
          label: `硕士或中级职称以上专业人员比例不低于${t.seniorStaffRatio}%`,
          field: 'seniorStaffRatio',
          op: '>=',
          value: t.seniorStaffRatio,
          unit: '%',
        },
        {
          id: 'qualified-staff-ratio',
          label: `${t.qualifiedStaffRatio}%以上的人员具有从业资质和科研成果`,
          field: 'qualifiedStaffRatio',
          op: '>=',
          value: t.qualifiedStaffRatio,
          unit: '%',
        },
      ],
    },
    {
      id: 'equipment-or-income',
      label: `技术服务仪器设备（含软件）原值不低于${t.equipmentValue}万元或年相关服务收入超过${t.relatedIncome}万元`,
      source: art('六'),
      anyOf: true,
      conditions: [
        {
          id: 'equipment-value',
          label: `技术服务仪器设备（含软件）原值不低于${t.equipmentValue}万元`,
          field: 'equipmentValue',
          op: '>=',
          value: t.equipmentValue,
          unit: '万元',
        },
        {
          id: 'related-income',
          label: `年相关服务收入超过${t.relatedIncome}万元`,
          field: 'relatedIncome',
          op: '>',
          value: t.relatedIncome,
          unit: '万元',
        },
      ],
    },
    {
      id: 'projects',
      label: '近3年承担过国家级或省部级项目',
      source: art('七'),
      conditions: [
        {
          id: 'national-projects',
          label: '近3年承担国家级或省部级项目至少1项',
          field: 'nationalProjects3y',
          op: '>=',
          value: 1,
          unit: '项',
        },
      ],
    },
    {
      id: 'service-fields',
      label: '明确服务行业领域（一般不超过三个）和服务范围（至少一个）',
      // 第五条 asks for the fields and scopes; the counts are printed only in the Sichuan form (附件1);
      // the MIIT form is not among the documents, so the national presets use the same counts.
      source: `${t.document} 第五条；川经信规〔2025〕9号 附件1 申报书填写说明三（一般不超过三个）、四（至少填写一个）`,
      conditions: [
        {
          id: 'fields-min',
          label: '至少选择1个服务行业领域',
          field: 'serviceFieldsCount',
          op: '>=',
          value: 1,
          unit: '个',
        },
        {
          id: 'fields-max',
          label: '服务行业领域一般不超过3个',
          field: 'serviceFieldsCount',
          op: '<=',
          value: 3,
          unit: '个',
        },
        {
          id: 'scopes-min',
          label: '至少选择1个服务范围',
          field: 'serviceScopesCount',
          op: '>=',
          value: 1,
          unit: '个',
        },
      ],
    },
    {
      id: 'not-branch',
      label: '不是已认定服务平台的分支机构',
      source: `${t.document} 第二十条`,
      conditions: [
        {
          id: 'not-branch',
          label: '不是已认定服务平台的分支机构',
          field: 'isBranch',
          op: '==',
          value: false,
        },
      ],
    },
  ];
}

export const miitEligibility: EligibilityRule[] = nationalRules({
  document: '工信部科〔2025〕261号',
  staffTotal: 50,
  seniorStaffRatio: 50,
  qualifiedStaffRatio: 60,
  equipmentValue: 1000,
  relatedIncome: 1000,
});

export const sichuanEligibility: EligibilityRule[] = nationalRules({
  document: '川经信规〔2025〕9号',
  staffTotal: 20,
  seniorStaffRatio: 40,
  qualifiedStaffRatio: 50,
  equipmentValue: 400,
  relatedIncome: 400,
});

const SH = '沪科规〔2022〕2号 第七条';

export const shanghaiEligibility: EligibilityRule[] = [
  {
    id: 'registered-in-shanghai',
    label: '依托单位是本市注册的法人或非法人组织',
    source: `${SH}（一）`,
    conditions: [
      {
        id: 'registered-in-shanghai',
        label: '依托单位是本市注册的法人或非法人组织',
        field: 'registeredInShanghai',
        op: 'true',
      },
    ],
  },
  {
    id: 'service-reach',
    label: '对外服务单位不少于50家，或不低于本市行业内单位总数的50%，或年技术服务收入不低于500万元',
    source: `${SH}（二）`,
    anyOf: true,
    conditions: [
      {
        id: 'client-units',
        label: '对外服务单位数量不少于50家',
        field: 'clientUnits',
        op: '>=',
        value: 50,
        unit: '家',
      },
      {
        id: 'local-industry-share',
        label: '服务单位不低于本市行业内单位总数的50%',
        field: 'localIndustryShare',
        op: '>=',
        value: 50,
        unit: '%',
      },
      {
        id: 'service-income',
        label: '年技术服务收入不低于500万元',
        field: 'serviceIncome',
        op: '>=',
        value: 500,
        unit: '万元',
      },
    ],
  },
  {
    id: 'resources',
    label: '对外服务仪器设施价值总额不低于500万元，对外服务场地面积150平米以上',
    source: `${SH}（三）`,
    conditions: [
      {
        id: 'instrument-value',
        label: '对外服务仪器设施价值总额不低于500万元',
        field: 'instrumentValue',
        op: '>=',
        value: 500,
        unit: '万元',
      },
      {
        id: 'floor-area',
        label: '对外服务场地面积150平米以上',
        field: 'floorArea',
        op: '>=',
        value: 150,
        unit: '平方米',
      },
    ],
  },
  {
    id: 'staff',
    label: '固定人员不少于15人，中高级职称或职业从业资格人员比例不低于30%',
    source: `${SH}（四）`,
    conditions: [
      {
        id: 'fixed-staff',
        label: '固定人员数量原则上不少于15人',
        field: 'fixedStaff',
        op: '>=',
        value: 15,
        unit: '人',
      },
      {
        id: 'titled-staff-ratio',
        label: '具备中高级职称或职业从业资格的人员比例不低于30%',
        field: 'titledStaffRatio',
        op: '>=',
        value: 30,
        unit: '%',
      },
    ],
  },
];
