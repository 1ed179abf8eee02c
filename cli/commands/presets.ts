// pingshen presets [--show <id>] [--json]: the built-in policy presets (预设方案).
import type { Grading } from '#scoring/types';
import { getPreset, presets } from '#seeds/presets/index';
import { applicationField } from '#seeds/presets/application-fields';
import type { Preset } from '#seeds/presets/schema';
import { parseFlags } from '../args';
import { formatTable } from '../format-table';
import { EXIT_OK, type Io, reportProblems } from '../io';
import { problem } from '../problems';

// Display only; toPrecision drops the binary tail of 0.3 × 100.
function percent(share: number): string {
  return `${Number((share * 100).toPrecision(12))}%`;
}

function gradingText(grading: Grading): string {
  if (grading.kind === 'thresholds') {
    return grading.levels
      .map((l) => (l.min === undefined ? `其余 ${l.grade}` : `${l.grade} ≥ ${l.min}`))
      .join('；');
  }
  const top = grading.top.map(
    (b) =>
      `${b.grade} 累计不超过 ${percent(b.cumulativeShare)}（${b.rounding}）${b.minScore === undefined ? '' : `且不低于 ${b.minScore} 分`}`,
  );
  const bottom = `${grading.bottom.grade} 末位 ${percent(grading.bottom.share)}（${grading.bottom.rounding}，并列${grading.bottom.ties === 'spare' ? '从宽' : '从严'}）${grading.bottom.below === undefined ? '' : `及低于 ${grading.bottom.below} 分者`}`;
  return [...top, `其余 ${grading.middle}`, bottom].join('；');
}

function showPreset(p: Preset): string {
  const { scheme } = p;
  const a = scheme.aggregation;
  const lines = [
    `${p.id}  ${p.name}`,
    `辖区 jurisdiction：${p.jurisdiction}    类型 kind：${p.kind}`,
    `依据 sources：${p.sources.join('；')}`,
    `权重说明：${p.weightsNote}`,
    `汇总 aggregation：${a.method}${a.method === 'trimmed' ? `（去掉最高、最低各 ${a.trim ?? 1} 个，至少 ${a.minForTrim ?? 5} 份时）` : ''}，法定人数 ${a.quorum ?? 3}，保留 ${a.decimals ?? 2} 位小数，分歧上限 ${a.spreadLimit ?? '无'}`,
    `等级 grading：${gradingText(scheme.grading)}`,
  ];
  if (p.sessionTimings) {
    const t = p.sessionTimings;
    lines.push(
      `答辩时间：陈述 ${t.presentationMinutes} 分钟，问答 ${t.questionMinutes} 分钟，评分 ${t.scoringMinutes} 分钟`,
    );
  }
  const criteria = formatTable(
    ['指标编号', '名称', '分值', '权重', '步长', '分组'],
    scheme.rubric.criteria.map((c) => [
      c.id,
      c.name,
      String(c.max),
      String(c.weight ?? 1),
      c.step === undefined ? '' : String(c.step),
      c.group ?? '',
    ]),
    new Set([2, 3, 4]),
  );
  const vetoes = (scheme.rubric.vetoes ?? []).map((v) => `  ${v.id}  ${v.name}`);
  const rules = p.eligibility.map(
    (r) =>
      `  ${r.id}  ${r.label}${r.anyOf ? '（满足其一即可）' : ''}：${r.conditions.map((c) => c.label).join('；')}`,
  );
  // The columns an applications sheet for `pingshen eligibility` needs, by key or Chinese label.
  const fieldKeys = [...new Set(p.eligibility.flatMap((r) => r.conditions.map((c) => c.field)))];
  const fields = formatTable(
    ['字段 field', '表头 header', '单位 unit'],
    fieldKeys.map((key) => {
      const field = applicationField(key);
      return [key, field?.label ?? '', field?.unit ?? ''];
    }),
  );
  return (
    [
      ...lines,
      '',
      '评分细则 rubric：',
      criteria.trimEnd(),
      ...(vetoes.length > 0 ? ['', '一票否决项 vetoes：', ...vetoes] : []),
      ...(rules.length > 0
        ? ['', '基本条件 eligibility：', ...rules, '', '申报数据字段 application fields：', fields.trimEnd()]
        : []),
    ].join('\n') + '\n'
  );
}

export function runPresets(argv: readonly string[], io: Io): number {
  const flags = parseFlags('presets', argv, { show: 'string', json: 'boolean' });
  if (!flags.ok) return reportProblems(io, flags.problems);
  const { show, json } = flags.value;
  if (show !== undefined) {
    const preset = getPreset(show);
    if (!preset) {
      return reportProblems(io, [
        problem(
          'preset_unknown',
          `未知的预设方案“${show}”。可用的预设方案：${presets.map((p) => p.id).join('、')}`,
        ),
      ]);
    }
    io.out(json ? JSON.stringify(preset, null, 2) + '\n' : showPreset(preset));
    return EXIT_OK;
  }
  if (json) {
    io.out(JSON.stringify(presets, null, 2) + '\n');
    return EXIT_OK;
  }
  io.out(
    formatTable(
      ['编号 id', '名称 name', '辖区', '类型', '指标数', '等级评定'],
      presets.map((p) => [
        p.id,
        p.name,
        p.jurisdiction,
        p.kind,
        String(p.scheme.rubric.criteria.length),
        p.scheme.grading.kind === 'quota' ? '比例分档 quota' : '分数线 thresholds',
      ]),
      new Set([4]),
    ),
  );
  return EXIT_OK;
}
