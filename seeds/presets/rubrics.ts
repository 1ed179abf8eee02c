// Rubrics (评分细则) shared by the presets.
// The documents name the review dimensions but give no points or weights: the points below are
// proposed defaults (建设 50 + 运行 50 = 100), every weight is 1, and an agency edits them per round.
import type { Rubric, VetoItem } from '#scoring/types';

const STEP = 0.5;

// Names quote 第十九条（二）（四） of 261号 and 川经信规〔2025〕9号 (identical wording). 第十九条（一）
// 无故不参加评审 is not a veto: a platform that does not attend is `absent` in the lifecycle.
export const platformVetoes: VetoItem[] = [
  { id: 'fraud', name: '申报或评审过程中弄虚作假' },
  { id: 'incident', name: '出现安全责任事故、违法违规行为等造成社会严重不良影响' },
  { id: 'refused', name: '拒不接受评审/检查' },
];

// 工科函〔2022〕591号 二、评估复核内容: 硬件基础、资质资源、研究能力、数据资源、专业人才 (平台建设)
// and 企业服务、产业服务、政策咨询、机制创新、平台协同 (平台运行), in the order of that section.
export const platformRubric: Rubric = {
  criteria: [
    {
      id: 'hardware',
      name: '硬件基础',
      group: '平台建设',
      max: 10,
      step: STEP,
      guidance:
        '固定场所和基础设施是否满足服务需要；技术服务仪器设备（含软件）的数量、原值与先进性；统计期内新增设备台套数及原值；设备维护与开放共享管理。',
    },
    {
      id: 'qualifications',
      name: '资质资源',
      group: '平台建设',
      max: 10,
      step: STEP,
      guidance:
        '检验检测机构资质认定（CMA）、实验室认可（CNAS）、认证机构批准（CNCA）等资质的数量、级别与授予来源；主要服务与资质的对应情况；新取得的省部级以上示范、试点或资质。',
    },
    {
      id: 'research',
      name: '研究能力',
      group: '平台建设',
      max: 10,
      step: STEP,
      guidance:
        '承担国家级、省部级项目或课题；主导、参与国际/国家/行业/团体标准及计量技术规范制修订；专利与软件著作权的申请和授权；科技奖励；行业研究报告和知识产权研究报告。',
    },
    {
      id: 'data',
      name: '数据资源',
      group: '平台建设',
      max: 10,
      step: STEP,
      guidance:
        '数据采集与数据库建设（新建数据库数量、新增数据条目）；数据质量与更新机制；数据开放共享水平与数据应用效能。',
    },
    {
      id: 'talent',
      name: '专业人才',
      group: '平台建设',
      max: 10,
      step: STEP,
      guidance:
        '从事相关服务人员的规模与结构；硕士或中级职称以上人员比例、持证人员比例；高水平学术带头人或技术带头人；人才培养与培训。',
    },
    {
      id: 'enterprise-service',
      name: '企业服务',
      group: '平台运行',
      max: 15,
      step: STEP,
      guidance:
        '提供服务次数与服务企业数量（其中中小企业）；典型服务案例及服务前后效益对比；促进企业技术创新能力、产品质量和品牌提升的成效（以服务对象盖章证明为准）；用户反馈。',
    },
    {
      id: 'industry-service',
      name: '产业服务',
      group: '平台运行',
      max: 15,
      step: STEP,
      guidance:
        '支撑产业链建设及优化、供应链建设及稳定运行的主要工作与成效；举办论坛、培训及交流活动的场次与人次；成果对接、成果转化与产学研合作签约的数量和金额；对行业或区域的辐射带动作用。',
    },
    {
      id: 'policy',
      name: '政策咨询',
      group: '平台运行',
      max: 5,
      step: STEP,
      guidance:
        '为主管部门和行业提供政策研究、咨询建议、发展报告等支撑情况。工科函〔2022〕591号附件：“此项内容对于试验检测类平台及机构不作硬性要求”，即检验检测类平台本项不作硬性要求，专家应按平台类别把握尺度。',
    },
    {
      id: 'mechanism',
      name: '机制创新',
      group: '平台运行',
      max: 7,
      step: STEP,
      guidance:
        '市场化运作机制、管理制度与服务质量保证措施；新业务模式和商业模式的探索；遵循公平、公正、诚实信用原则的情况；负责人、隶属关系等重要信息变更是否及时报告。',
    },
    {
      id: 'collaboration',
      name: '平台协同',
      group: '平台运行',
      max: 8,
      step: STEP,
      guidance:
        '与产业联盟、行业协会、高校、科研院所、企业和其他服务平台的合作与资源共享；与企业技术中心、制造业中试平台、制造业创新中心等创新平台的协同服务。',
    },
  ],
  vetoes: platformVetoes,
};

// 沪科规〔2022〕2号 does not publish indicators; these follow the duties and conditions it sets
// (第七条 basic conditions, 第十条 tasks, 第十一—二十条 operation and openness).
export const shanghaiRubric: Rubric = {
  criteria: [
    {
      id: 'resources-sharing',
      name: '科技资源与开放共享',
      group: '能力建设',
      max: 20,
      step: STEP,
      guidance:
        '对外服务仪器设施价值与场地（第七条（三））；大型科学仪器设施向社会开放共享的情况（第十九条）；资源整合能力与利用效率。',
    },
    {
      id: 'service-performance',
      name: '技术服务绩效',
      group: '服务绩效',
      max: 30,
      step: STEP,
      guidance:
        '研发设计、试验验证、科技咨询、检验检测、科技评估、中试孵化和技术扩散等服务的数量与质量（第十条（一））；对外服务单位数量、技术服务收入；服务特色与在本市的领先优势；用户评价。',
    },
    {
      id: 'training',
      name: '人才培训服务',
      group: '服务绩效',
      max: 10,
      step: STEP,
      guidance: '面向同行业或领域企业的专业化技术人才培训的场次、人次与效果（第十条（二））。',
    },
    {
      id: 'cooperation',
      name: '科技合作与交流',
      group: '服务绩效',
      max: 10,
      step: STEP,
      guidance: '与国内外企业、高等院校和科研机构开展科技合作与交流活动的形式、数量与成效（第十条（三））。',
    },
    {
      id: 'team',
      name: '队伍建设',
      group: '运行管理',
      max: 10,
      step: STEP,
      guidance:
        '专职、稳定的技术服务和管理队伍，固定人员数量与中高级职称或职业资格比例（第七条（四））；平台主任每年在平台工作不少于半年（第十三条）；专职秘书岗位（第十六条）；专家委员会作用（第十四条）。',
    },
    {
      id: 'management',
      name: '运行管理',
      group: '运行管理',
      max: 10,
      step: STEP,
      guidance:
        '内部组织架构与发展规划，财务独立核算（第十一条）；技术、用户、财务和知识产权管理制度（第十七条）；服务流程、收费标准和服务质量保证措施（第七条（五）、第十八条）；依托单位投入保障（第六条）。',
    },
    {
      id: 'disclosure',
      name: '信息公开与年度报告',
      group: '运行管理',
      max: 10,
      step: STEP,
      guidance:
        '服务内容、服务项目、服务团队等信息在上海研发公共服务平台网站公开（第十八条）；年度报告按时填报，数据真实完整（第二十条）；上一周期整改要求的落实情况。',
    },
  ],
  // 第二十三条（三）、（二）. The measures name no incident ground; the issue asks for one in every rubric,
  // so it is kept as a proposed default (decision record 001).
  vetoes: [
    { id: 'fraud', name: '评估过程中出现严重弄虚作假' },
    { id: 'incident', name: '发生重大安全/质量事故或严重违法违规' },
    { id: 'refused', name: '不接受市科委检查、监督和评估' },
  ],
};
