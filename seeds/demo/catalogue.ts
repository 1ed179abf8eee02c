// Word lists the demo dataset is composed from. Names are plausible, not real: brand words are
// invented, so no demo unit is mistaken for an actual applicant.
import type { Jurisdiction } from '#scoring/types';

export interface Division {
  code: string; // 行政区划代码
  name: string;
}

export const DIVISIONS: Record<Jurisdiction, Division[]> = {
  sichuan: [
    { code: '510107', name: '四川省成都市武侯区' },
    { code: '510116', name: '四川省成都市双流区' },
    { code: '510109', name: '四川省成都市高新区' },
    { code: '510703', name: '四川省绵阳市涪城区' },
    { code: '510603', name: '四川省德阳市旌阳区' },
    { code: '511502', name: '四川省宜宾市翠屏区' },
    { code: '510302', name: '四川省自贡市自流井区' },
    { code: '510502', name: '四川省泸州市江阳区' },
  ],
  shanghai: [
    { code: '310115', name: '上海市浦东新区' },
    { code: '310104', name: '上海市徐汇区' },
    { code: '310112', name: '上海市闵行区' },
    { code: '310114', name: '上海市嘉定区' },
    { code: '310110', name: '上海市杨浦区' },
    { code: '310117', name: '上海市松江区' },
  ],
  miit: [
    { code: '110108', name: '北京市海淀区' },
    { code: '320115', name: '江苏省南京市江宁区' },
    { code: '440305', name: '广东省深圳市南山区' },
    { code: '330106', name: '浙江省杭州市西湖区' },
    { code: '420111', name: '湖北省武汉市洪山区' },
    { code: '610113', name: '陕西省西安市雁塔区' },
  ],
};

export const PROVINCE_PREFIX: Record<Jurisdiction, string> = {
  sichuan: '四川',
  shanghai: '上海',
  miit: '中',
};

// 服务行业领域 (industry fields) a platform serves; at most three per platform. Every one is printed in
// both the MIIT (261号 第五条) and the Sichuan (川经信规〔2025〕9号 第五条) lists, so a demo platform's
// fields pass the template and import checks of every jurisdiction (app/utils/xlsx/options.ts).
export const INDUSTRY_FIELDS = [
  '装备',
  '新材料',
  '新一代信息技术',
  '仪器仪表',
  '医药',
  '新能源',
  '新能源汽车',
  '安全应急',
  '船舶与海洋工程',
  '人工智能',
  '绿色环保',
  '石化化工',
  '食品',
  '轻工',
] as const;

export type Category = 'testing' | 'information' | 'industrialisation';

export const CATEGORY_LABEL: Record<Category, string> = {
  testing: '检验检测',
  information: '信息服务',
  industrialisation: '创新成果产业化',
};

// 服务范围 offered under each platform category, from each jurisdiction's printed list: MIIT and
// Sichuan share seven scopes; Shanghai's are the services of 沪科规〔2022〕2号 第十条（一）.
const NATIONAL_SCOPES: Record<Category, string[]> = {
  testing: ['质量可靠性试验检测', '标准验证与检测', '计量检测', '认证认可', '产业信息'],
  information: ['产业信息', '知识产权', '标准验证与检测', '认证认可', '技术成果转化'],
  industrialisation: ['技术成果转化', '知识产权', '产业信息', '质量可靠性试验检测', '标准验证与检测'],
};
export const SCOPES: Record<Jurisdiction, Record<Category, string[]>> = {
  miit: NATIONAL_SCOPES,
  sichuan: NATIONAL_SCOPES,
  shanghai: {
    testing: ['检验检测', '试验验证', '科技咨询', '科技评估', '研发设计'],
    information: ['科技咨询', '科技评估', '技术扩散', '研发设计', '检验检测'],
    industrialisation: ['中试孵化', '技术扩散', '研发设计', '试验验证', '科技咨询'],
  },
};

// The word a platform name uses for its category.
export const CATEGORY_NAME_WORD: Record<Category, string> = {
  testing: '检验检测',
  information: '信息服务',
  industrialisation: '成果产业化',
};

export const BRAND_WORDS: Record<Jurisdiction, string[]> = {
  sichuan: [
    '天府',
    '蜀锦',
    '锦城',
    '川研',
    '巴蜀',
    '西岭',
    '岷江',
    '嘉陵',
    '剑门',
    '青城',
    '涪江',
    '沱江',
    '龙泉',
    '玉垒',
  ],
  shanghai: ['浦江', '申联', '沪东', '申城', '江湾', '滨江', '淞沪', '沪研', '漕溪', '汇申', '海湾', '松沪'],
  miit: ['中机', '国检', '华信', '中材', '国测', '中科信', '华研', '国工'],
};

export const ENTERPRISE_SUFFIX: Record<Category, string[]> = {
  testing: ['检测技术有限公司', '检验检测有限公司', '质量技术服务有限公司', '计量检测研究院有限公司'],
  information: ['信息技术有限公司', '数据科技有限公司', '产业研究院有限公司'],
  industrialisation: ['科技发展有限公司', '技术转移中心有限公司', '中试基地有限公司'],
};

export const INSTITUTION_SUFFIX: Record<Category, string[]> = {
  testing: ['产品质量检验研究院', '计量测试研究院'],
  information: ['信息研究院', '工业技术情报研究所'],
  industrialisation: ['技术研究院', '科技成果转化中心'],
};

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '罗',
  '高',
  '林',
  '唐',
  '邓',
  '蒋',
  '曾',
];
export const GIVEN_NAMES = [
  '建国',
  '志强',
  '海燕',
  '晓东',
  '立新',
  '文博',
  '静',
  '敏',
  '伟',
  '丽华',
  '国庆',
  '振宇',
  '雪梅',
  '明远',
  '晓峰',
  '春华',
  '一鸣',
  '宏伟',
  '秀英',
  '子涵',
  '思远',
  '卫东',
  '红梅',
  '家豪',
];

export const EXPERT_TITLES = ['正高级工程师', '教授', '研究员', '高级工程师', '副教授', '副研究员'] as const;

export const EXPERT_EMPLOYERS: Record<
  'sichuan' | 'shanghai' | 'beijing',
  { name: string; region: string }[]
> = {
  sichuan: [
    { name: '四川大学', region: '四川省' },
    { name: '电子科技大学', region: '四川省' },
    { name: '西南交通大学', region: '四川省' },
    { name: '西南石油大学', region: '四川省' },
    { name: '成都理工大学', region: '四川省' },
    { name: '四川省科学技术信息研究所', region: '四川省' },
  ],
  shanghai: [
    { name: '上海交通大学', region: '上海市' },
    { name: '同济大学', region: '上海市' },
    { name: '华东理工大学', region: '上海市' },
    { name: '上海大学', region: '上海市' },
    { name: '东华大学', region: '上海市' },
  ],
  beijing: [
    { name: '北京航空航天大学', region: '北京市' },
    { name: '北京科技大学', region: '北京市' },
  ],
};
