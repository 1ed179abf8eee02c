// validateScheme: a scheme (评审方案) from a preset, a file or a form → a Scheme the engine can trust,
// or every problem found, each in Chinese and naming the criterion or band concerned.
import { addDecimals, compareDecimals, isMultipleOf, toDecimal } from './decimal';
import { DEFAULTS } from './defaults';
import { parseWithSchema } from './parse-with-schema';
import { schemeSchema } from './schemas';
import type {
  AggregationOptions,
  Problem,
  QuotaGrading,
  Result,
  Rubric,
  Scheme,
  ThresholdGrading,
} from './types';

// More fraction digits than this cannot be shown or explained to a platform; it is a typo.
const MAX_DECIMALS = 6;

function criterionLabel(id: string, name: string): string {
  return `指标 ${id}（${name}）`;
}

function checkRubric(rubric: Rubric, problems: Problem[]): void {
  if (rubric.criteria.length === 0) {
    problems.push({
      code: 'criteria_empty',
      message: '评分细则至少需要一个指标',
      path: 'rubric.criteria',
    });
  }
  const seen = new Set<string>();
  rubric.criteria.forEach((c, i) => {
    const path = `rubric.criteria[${i}]`;
    const label = criterionLabel(c.id, c.name);
    const add = (code: string, message: string, field: string) =>
      problems.push({
        code,
        message: `${label}：${message}`,
        criterionId: c.id,
        path: `${path}.${field}`,
      });
    if (seen.has(c.id)) add('criterion_duplicate', `指标编号 ${c.id} 重复`, 'id');
    seen.add(c.id);
    if (!(c.max > 0)) add('criterion_max', `满分必须大于 0，当前为 ${c.max}`, 'max');
    if (c.weight !== undefined && !(c.weight > 0))
      add('criterion_weight', `权重必须大于 0，当前为 ${c.weight}`, 'weight');
    if (c.step !== undefined) {
      if (!(c.step > 0)) add('criterion_step', `步长必须大于 0，当前为 ${c.step}`, 'step');
      else if (c.max > 0 && !isMultipleOf(c.max, c.step)) {
        add('criterion_step', `满分 ${c.max} 不是步长 ${c.step} 的整数倍`, 'step');
      }
    }
  });
  const vetoIds = new Set<string>();
  (rubric.vetoes ?? []).forEach((v, i) => {
    if (vetoIds.has(v.id)) {
      problems.push({
        code: 'veto_duplicate',
        message: `否决项编号 ${v.id} 重复`,
        path: `rubric.vetoes[${i}].id`,
      });
    }
    vetoIds.add(v.id);
  });
}

function checkAggregation(a: AggregationOptions, problems: Problem[]): void {
  const add = (field: string, message: string) =>
    problems.push({
      code: 'aggregation_invalid',
      message: `汇总规则：${message}`,
      path: `aggregation.${field}`,
    });
  const trim = a.trim ?? DEFAULTS.trim;
  const minForTrim = a.minForTrim ?? DEFAULTS.minForTrim;
  if (trim < 0) add('trim', `去掉最高分和最低分的个数 trim 不能为负数，当前为 ${trim}`);
  if (minForTrim < 1) add('minForTrim', `启用去极值的最少评分表数 minForTrim 至少为 1，当前为 ${minForTrim}`);
  if (a.quorum !== undefined && a.quorum < 1)
    add('quorum', `最少有效评分表数 quorum 至少为 1，当前为 ${a.quorum}`);
  if (a.decimals !== undefined && (a.decimals < 0 || a.decimals > MAX_DECIMALS)) {
    add('decimals', `保留小数位数 decimals 应在 0 到 ${MAX_DECIMALS} 之间，当前为 ${a.decimals}`);
  }
  if (a.spreadLimit !== undefined && a.spreadLimit !== null && a.spreadLimit < 0) {
    add('spreadLimit', `分差上限 spreadLimit 不能为负数，当前为 ${a.spreadLimit}`);
  }
  if (a.method === 'trimmed' && trim >= 0 && minForTrim >= 1 && minForTrim <= 2 * trim) {
    add(
      'minForTrim',
      `去掉 ${trim} 个最高分和 ${trim} 个最低分后至少要剩 1 份，minForTrim 应大于 ${2 * trim}，当前为 ${minForTrim}`,
    );
  }
}

function checkThresholds(g: ThresholdGrading, problems: Problem[]): void {
  const add = (message: string, path = 'grading.levels') =>
    problems.push({
      code: 'thresholds_invalid',
      message: `分档规则：${message}`,
      path,
    });
  if (g.levels.length === 0) {
    add('至少需要一个等级');
    return;
  }
  const grades = new Set<string>();
  let previous: number | undefined;
  g.levels.forEach((level, i) => {
    const path = `grading.levels[${i}]`;
    if (grades.has(level.grade)) add(`等级“${level.grade}”重复`, `${path}.grade`);
    grades.add(level.grade);
    const last = i === g.levels.length - 1;
    if (last && level.min !== undefined) {
      add(`最后一个等级“${level.grade}”不应设最低分（其余情况都归入该等级）`, `${path}.min`);
    } else if (!last && level.min === undefined) {
      add(`等级“${level.grade}”缺少最低分 min（只有最后一个等级可以不设）`, `${path}.min`);
    } else if (level.min !== undefined) {
      if (previous !== undefined && !(level.min < previous)) {
        add(
          `等级“${level.grade}”的最低分 ${level.min} 应低于上一等级的 ${previous}（按从高到低排列）`,
          `${path}.min`,
        );
      }
      previous = level.min;
    }
  });
}

function checkShare(value: number, label: string, path: string, problems: Problem[]): void {
  if (value < 0 || value > 1) {
    problems.push({
      code: 'quota_invalid',
      message: `分档比例：${label} 应在 0 到 1 之间，当前为 ${value}`,
      path,
    });
  }
}

function checkQuota(g: QuotaGrading, problems: Problem[]): void {
  const grades = new Set<string>();
  const addGrade = (grade: string, path: string) => {
    if (grades.has(grade)) {
      problems.push({
        code: 'quota_invalid',
        message: `分档比例：等级“${grade}”重复`,
        path,
      });
    }
    grades.add(grade);
  };
  let previous = 0;
  g.top.forEach((band, i) => {
    const path = `grading.top[${i}]`;
    addGrade(band.grade, `${path}.grade`);
    checkShare(
      band.cumulativeShare,
      `“${band.grade}”的累计比例 cumulativeShare`,
      `${path}.cumulativeShare`,
      problems,
    );
    if (band.cumulativeShare < previous) {
      problems.push({
        code: 'quota_invalid',
        message: `分档比例：“${band.grade}”的累计比例 ${band.cumulativeShare} 小于上一档的 ${previous}（累计比例不能递减）`,
        path: `${path}.cumulativeShare`,
      });
    }
    previous = Math.max(previous, band.cumulativeShare);
  });
  addGrade(g.middle, 'grading.middle');
  addGrade(g.bottom.grade, 'grading.bottom.grade');
  checkShare(g.bottom.share, `“${g.bottom.grade}”的比例 share`, 'grading.bottom.share', problems);
  if (previous <= 1 && g.bottom.share >= 0 && g.bottom.share <= 1 && exceedsOne(previous, g.bottom.share)) {
    problems.push({
      code: 'quota_invalid',
      message: `分档比例：前段累计比例 ${previous} 与末段比例 ${g.bottom.share} 之和超过 1`,
      path: 'grading.bottom.share',
    });
  }
}

function exceedsOne(a: number, b: number): boolean {
  return (
    compareDecimals(addDecimals(toDecimal(a), toDecimal(b)), {
      units: 1n,
      scale: 0,
    }) > 0
  );
}

export function validateScheme(raw: unknown): Result<Scheme> {
  const parsed = parseWithSchema(schemeSchema, raw, 'scheme_shape');
  if (!parsed.ok) return parsed;
  const scheme: Scheme = parsed.value;
  const problems: Problem[] = [];
  checkRubric(scheme.rubric, problems);
  checkAggregation(scheme.aggregation, problems);
  if (scheme.grading.kind === 'thresholds') checkThresholds(scheme.grading, problems);
  else checkQuota(scheme.grading, problems);
  return problems.length === 0 ? { ok: true, value: scheme } : { ok: false, problems };
}
