// Closed lists of values offered as drop-downs in the templates and checked on import. They are the
// printed options of the documents: service fields and scopes per jurisdiction (below), 川经信规〔2025〕9号
// 附件1/附件2 (applicant types, investor nature) and 工科函〔2022〕591号 附件 (platform categories,
// batches).
import type { Jurisdiction } from '#scoring/types';

// 工信部科〔2025〕261号 第五条: 民用航空, and neither 航空航天, 低空经济 nor 轨道交通.
const MIIT_FIELDS = [
  '装备',
  '石化化工',
  '钢铁',
  '有色',
  '建材',
  '轻工',
  '纺织',
  '食品',
  '医药',
  '新一代信息技术',
  '生物技术',
  '新能源',
  '新材料',
  '新能源汽车',
  '仪器仪表',
  '安全应急',
  '民用爆炸物品',
  '民用航空',
  '船舶与海洋工程',
  '绿色环保',
  '人工智能',
  '元宇宙',
  '脑机接口',
  '量子信息',
  '新型储能',
] as const;

// 川经信规〔2025〕9号 第五条 and 附件1 (checkbox list and 填写说明三).
const SICHUAN_FIELDS = [
  '装备',
  '石化化工',
  '钢铁',
  '有色',
  '建材',
  '轻工',
  '纺织',
  '食品',
  '医药',
  '新一代信息技术',
  '生物技术',
  '新能源',
  '新材料',
  '新能源汽车',
  '航空航天',
  '仪器仪表',
  '安全应急',
  '民用爆炸物品',
  '船舶与海洋工程',
  '绿色环保',
  '人工智能',
  '元宇宙',
  '脑机接口',
  '量子信息',
  '新型储能',
  '低空经济',
  '轨道交通',
] as const;

// 工信部科〔2025〕261号 第五条 (no 检验检测).
const MIIT_SCOPES = [
  '计量检测',
  '标准验证与检测',
  '质量可靠性试验检测',
  '认证认可',
  '产业信息',
  '知识产权',
  '技术成果转化',
] as const;

// 附件1 prints 计量检测 in the checkbox list and 计量测试 in 第五条 and 填写说明四; the checkbox wording is
// what people tick, so it is the stored value and 计量测试 is read as it (SERVICE_SCOPE_ALIASES).
const SICHUAN_SCOPES = [
  '质量可靠性试验检测',
  '标准验证与检测',
  '计量检测',
  '检验检测',
  '认证认可',
  '产业信息',
  '知识产权',
  '技术成果转化',
] as const;

// 沪科规〔2022〕2号 prints no list of industry fields: 第七条 asks that they fit Shanghai's plans and
// 第八条 leaves the 重点支持领域 to each year's 建设指南. A Shanghai platform may therefore name any field
// of the national or Sichuan lists. Its services are those of 第十条（一）.
const SHANGHAI_FIELDS = [
  ...MIIT_FIELDS,
  ...SICHUAN_FIELDS.filter((f) => !(MIIT_FIELDS as readonly string[]).includes(f)),
];
const SHANGHAI_SCOPES = [
  '研发设计',
  '试验验证',
  '科技咨询',
  '检验检测',
  '科技评估',
  '中试孵化',
  '技术扩散',
] as const;

export interface JurisdictionLists {
  label: string; // whose list, as messages name it: “民用航空”不是四川省服务行业领域的选项
  source: string; // the document the lists are printed in
  fields: readonly string[];
  scopes: readonly string[];
  scopeAliases: Readonly<Record<string, string>>; // other wording of the same scope → stored value
}

export const SERVICE_LISTS: Readonly<Record<Jurisdiction, JurisdictionLists>> = {
  miit: {
    label: '工业和信息化部',
    source: '工信部科〔2025〕261号 第五条',
    fields: MIIT_FIELDS,
    scopes: MIIT_SCOPES,
    scopeAliases: {},
  },
  sichuan: {
    label: '四川省',
    source: '川经信规〔2025〕9号 第五条、附件1',
    fields: SICHUAN_FIELDS,
    scopes: SICHUAN_SCOPES,
    scopeAliases: { 计量测试: '计量检测' },
  },
  shanghai: {
    label: '上海市',
    source: '沪科规〔2022〕2号 第十条；该办法未列领域清单，领域取工信部和四川省清单',
    fields: SHANGHAI_FIELDS,
    scopes: SHANGHAI_SCOPES,
    scopeAliases: {},
  },
};

export const serviceFieldsOf = (jurisdiction: Jurisdiction): readonly string[] =>
  SERVICE_LISTS[jurisdiction].fields;
export const serviceScopesOf = (jurisdiction: Jurisdiction): readonly string[] =>
  SERVICE_LISTS[jurisdiction].scopes;

/** Every jurisdiction's service fields, each once (an expert may be asked for any of them). */
export const ALL_SERVICE_FIELDS: readonly string[] = [
  ...new Set(Object.values(SERVICE_LISTS).flatMap((l) => l.fields)),
];

export const PLATFORM_CATEGORIES = ['检验检测', '信息服务', '创新成果产业化'] as const;

export const APPLICANT_TYPES = ['科研院所', '企业', '其他'] as const;

export const INVESTOR_NATURES = [
  '国有',
  '集体',
  '私营',
  '个体',
  '联营',
  '股份制',
  '外商投资',
  '港澳台投资',
  '其他经济类',
] as const;

export const YES_NO = ['是', '否'] as const;

export const ACHIEVEMENT_KINDS = [
  '国家级项目或工作任务',
  '省部级项目或工作任务',
  '国家或行业标准制修订',
  '计量技术规范制修订',
  '科技成果奖项',
  '其他产业技术基础项目',
] as const;

// The most service fields a platform may declare (附件1: 一般不超过三项).
export const MAX_SERVICE_FIELDS = 3;
