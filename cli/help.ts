// Help text, Chinese first with the English beside it (agencies read the Chinese; scripts and
// their authors may read the English).
export const MAIN_HELP = `pingshen — 评审工作台命令行工具 (Pingshen review workbench CLI)

用法 Usage:
  pingshen <命令 command> [选项 options]

命令 Commands:
  grade        按评审方案汇总专家评分、评定等级和排名
               Grade items from expert score sheets with a scheme
  eligibility  按基本条件规则审查申报数据
               Check applications against eligibility rules
  workdays     计算工作日（公示期截止日，首日计为第1天）
               Add working days (Chinese holidays and make-up days included)
  presets      列出或查看内置预设方案
               List or show the built-in policy presets
  lifecycle    按动态管理规则判定平台状态（整改、移出、禁止再申报）
               Apply the lifecycle rules (rectification, removal, bans) to platform histories

运行 pingshen <命令> --help 查看各命令的选项。Run pingshen <command> --help for its options.

退出码 Exit codes: 0 成功 success；2 输入或参数有误 invalid input or usage；1 内部错误 internal error
`;

export const COMMAND_HELP: Record<string, string> = {
  grade: `pingshen grade --scheme <预设编号 preset-id | 方案文件 scheme.json> --in <评分数据 case.json | .xlsx | .csv> [--out <结果 file.json | file.xlsx>]

  --scheme  预设方案编号（见 pingshen presets）或方案 JSON 文件
            {"id","name","rubric":{"criteria":[...],"vetoes"?:[...]},"aggregation":{...},"grading":{...}}
  --in      评分数据 case data:
            JSON  {"items":[{"id","name"?,"group"?,"vetoed"?}],
                   "sheets":[{"itemId","expertId","scores":{"<指标编号>":分数},"recused"?}]}
            表格 spreadsheet (.xlsx/.xls/.csv，只读取第一个工作表 first sheet only；CSV 为 UTF-8 或 GBK)：
              长表 long form：每行一个 专家×评审对象×指标，表头
                item_id, item_name, group, expert_id, criterion_id, score, recused, vetoed
                或 评审对象编号, 名称, 分组, 专家编号, 指标编号, 得分, 回避, 一票否决
              宽表 wide form：每行一个 专家×评审对象，固定列同上（无 指标编号/得分），
                其余每列一个指标（表头为指标编号或指标名称）
            是/否 booleans: 是/否, true/false, 1/0, Y/N
  --out     写入文件而不是输出到屏幕 write to a file instead of stdout:
            .json 同标准输出 same as stdout；.xlsx 汇总表 summary sheet（每个评审对象一行，
            每位专家一列总分，然后 得分、等级、排名、标记，最后 有效评分数、状态）

输出 Output (stdout): {"scheme","results":[{"itemId","group","score","grade","rank","status","experts","flags"}]}
输入有误时退出码为 2，每个问题一行（写明行号、评审对象、专家、指标），不写输出文件。
On invalid input: exit code 2, one line per problem on stderr, no output file written.
`,
  eligibility: `pingshen eligibility --scheme <预设编号 preset-id | 规则文件 rules.json> --in <申报数据 applications.json | .xlsx | .csv> [--json]

  --scheme  预设方案编号，或含 "eligibility": [规则...] 的 JSON 文件（预设导出的 JSON 亦可）
  --in      申报数据 application data:
            JSON  {"applications":[{"id","name"?,"data":{"<字段>": 数值 | 是/否 | 文本}}]}
            表格 spreadsheet：每行一个申报对象，列 编号/id、名称/name，以及规则使用的各字段，
            表头为字段名或申报书中的中文名称（见 pingshen presets --show <编号>）；其他列忽略
            one row per application; field columns headed by key or Chinese label; others ignored
  --json    输出 JSON 而不是表格 print JSON instead of a table

空单元格记为“缺数据”；填了但无法识别的值（如“五十”“也许”）是输入错误：退出码 2，逐个指出行、列和申报对象。
An empty cell counts as missing; an unreadable value is invalid input (exit 2, one line per cell).
`,
  workdays: `pingshen workdays --from <日期 date> --days <天数 n>

  --from  起始日期，如 2026-09-28 或 2026年9月28日 start date
  --days  工作日天数（正整数）number of working days
  起始日是工作日时计为第1天，否则第1天为下一个工作日；周末、法定节假日跳过，调休上班日计入。
  The start counts as day 1 when it is a working day. Example: --from 2026-09-28 --days 5 → 2026-10-09
`,
  presets: `pingshen presets [--show <编号 id>] [--json]

  无选项      列出全部预设方案 list all presets
  --show <id>  查看一个预设方案的评分细则、汇总、等级与基本条件 show one preset
  --json      以 JSON 输出 print JSON
`,
  lifecycle: `pingshen lifecycle --jurisdiction <miit|sichuan|shanghai> --in <平台历史 histories.json> [--out <结果 file.json>]

  --jurisdiction  miit 工信部科〔2025〕261号；sichuan 川经信规〔2025〕9号；shanghai 沪科规〔2022〕2号
  --in      平台历史 histories:
            {"histories":[{"id","recognisedYear","asOf":年份 year | "YYYY-MM-DD",
              "events":[{"year","type":"annual"|"triennial"|"performance"|"rectification"|"ground",
                         "result"?:"合格"|"不合格"|"优秀"|"良好"|"一般"|"absent",
                         "ground"?:"<情形编号 ground id>","withCause"?:true}],
              "applyProbes"?:[年份 year]}]}
            annual 年度评价、triennial 综合评审（工信部、四川）；performance 绩效评估（上海）；
            rectification 整改验收（合格/不合格，可省略结果）；ground 第十七/十九/二十三条情形
            withCause：有正当理由未参加（只用于 absent），不视为“无故不参加评审”，综合评审顺延一年
            asOf 之后的记录不计入（在标准错误输出提示）。Events after asOf are not applied.
  --out     写入 .json 文件而不是输出到屏幕 write to a .json file instead of stdout

情形编号 Ground ids (type "ground"):
  miit     absent             第十九条（一）无故不参加评审
           fraud              第十九条（二）申报或评审过程中弄虚作假
           unable_to_operate  第十九条（三）无法正常运行或提供服务
           serious_incident   第十九条（四）出现安全责任事故、违法违规行为等造成社会严重不良影响
           major_change       第十七条 依托单位法人主体重大变更，须重新认定
           branch             第二十条 被认定为服务平台的单位，其已认定为服务平台的分支机构移出名录
                              （无3年期限；分支机构原则上不再授予资格，mayApply 始终为 false）
  sichuan  absent             第十九条（一）无故不参加评审
           fraud              第十九条（二）申报或评审过程中弄虚作假
           unable_to_operate  第十九条（三）无法正常运行或提供服务
           serious_incident   第十九条（四）出现安全责任事故、违法违规行为等造成社会严重不良影响
           voluntary_withdrawal 第十九条（五）服务平台自行要求撤销
           host_dissolved     第十九条（六）服务平台依托单位被依法终止
           dishonesty         第十九条（七）存在其他严重违法、违规及失信情况
           major_change       第十七条 依托单位法人主体重大变更，须重新认定
  shanghai refused_inspection 第二十三条（二）不接受市科委检查、监督和评估
           fraud              第二十三条（三）评估过程中出现严重弄虚作假
           host_dissolved     第二十三条（四）依托单位无法继续发挥服务平台服务功能
  由评价结果推出 derived from results（不可作为 ground）：综合评审整改后仍不合格或不参加（第十八条（二）），
  上海连续两次绩效评估不合格（第二十三条（一））、整改不合格（第二十三条（二））。

输出 Output: {"jurisdiction","histories":[{"id","status":"listed"|"rectifying"|"removed"|"re-recognition-required",
  "removedYear","ground"（所依据的条款 the article cited）,"bannedUntil"（此年底前不受理申报）,
  "mayApply":{"<年份>":true|false}}]}
  工信部、四川：移出后 3 年内不受理申报（bannedUntil = 移出年份 + 3）；上海未规定，bannedUntil 为 null。
  mayApply：该年在名录中（listed/rectifying）或处于禁止期为 false；认定前、须重新认定、禁止期满为 true。
历史有误（认定前的结果、同一年两个评价结果、未知情形、评价缺少结果、JSON 格式错误）时退出码为 2，
每个问题一行，写明历史编号和第几条记录，不写输出文件。
Invalid histories: exit code 2, one line per problem naming the history and the event.
`,
};
