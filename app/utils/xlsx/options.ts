// Closed lists of values offered as drop-downs in the templates and checked on import. They are the
// printed options of the forms: 川经信规〔2025〕9号 附件1/附件2 (service fields, scopes, applicant
// types, investor nature) and 工科函〔2022〕591号 附件 (platform categories, batches).

export const SERVICE_FIELDS = [
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

// 附件1 prints 计量检测 in the checkbox list and 计量测试 in the instructions; the checkbox wording is
// what people tick, so it is the stored value.
export const SERVICE_SCOPES = [
  '质量可靠性试验检测',
  '标准验证与检测',
  '计量检测',
  '检验检测',
  '认证认可',
  '产业信息',
  '知识产权',
  '技术成果转化',
] as const;

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
