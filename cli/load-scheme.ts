// `--scheme <preset-id | file.json>`: a built-in preset by id, or an agency's scheme file. Both go
// through validateScheme, so a file is held to exactly the rules a preset is.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { eligibilityRuleSchema } from '#scoring/schemas';
import type { EligibilityRule, Problem, Result, Scheme } from '#scoring/types';
import { validateScheme } from '#scoring/validate-scheme';
import { getPreset, presets } from '#seeds/presets/index';
import { failure, problem } from './problems';
import { readJsonFile } from './read-json';

function isFileRef(ref: string): boolean {
  return /\.json$/i.test(ref) || ref.includes('/') || ref.includes('\\');
}

export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function unknownPreset<T>(ref: string): Result<T> {
  return failure(
    'preset_unknown',
    `未知的评审方案“${ref}”。可用的预设方案：${presets.map((p) => p.id).join('、')}；或给出方案文件路径（.json）`,
  );
}

// "方案文件 x.json：aggregation.quorum：…": the file, then the place in it (once), then the problem.
function withFile(path: string, problems: Problem[]): Problem[] {
  return problems.map((p) => {
    const at = p.path === undefined || p.message.startsWith(p.path) ? '' : `${p.path}：`;
    return { ...p, message: `方案文件 ${path}：${at}${p.message}` };
  });
}

export function loadScheme(ref: string, cwd: string): Result<Scheme> {
  if (!isFileRef(ref)) {
    const preset = getPreset(ref);
    return preset ? validateScheme(preset.scheme) : unknownPreset(ref);
  }
  const path = resolvePath(cwd, ref);
  const raw = readJsonFile(path);
  if (!raw.ok) return raw;
  const scheme = validateScheme(raw.value);
  return scheme.ok ? scheme : { ok: false, problems: withFile(ref, scheme.problems) };
}

export interface RuleSet {
  id: string;
  name: string;
  rules: EligibilityRule[];
}

// An eligibility file carries the rules under `eligibility`, as a preset does, so a preset exported
// to JSON can be edited and used directly; other keys of such a file are not read.
const ruleFileSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  eligibility: z.array(eligibilityRuleSchema).min(1),
});

// Meaning checks the engine relies on: a numeric comparison needs a number, a yes/no one a boolean.
function checkRules(rules: EligibilityRule[]): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    if (ids.has(rule.id))
      problems.push(problem('rule_duplicate', `规则编号 ${rule.id} 重复`, { path: `eligibility[${i}].id` }));
    ids.add(rule.id);
    if (rule.conditions.length === 0)
      problems.push(
        problem('rule_empty', `规则 ${rule.id} 没有任何条件`, { path: `eligibility[${i}].conditions` }),
      );
    rule.conditions.forEach((c, j) => {
      const path = `eligibility[${i}].conditions[${j}]`;
      if (c.op === 'true') {
        if (c.value !== undefined && c.value !== true)
          problems.push(
            problem('condition_invalid', `规则 ${rule.id} 条件 ${c.id}：比较符 true 不带阈值`, { path }),
          );
      } else if (typeof c.value === 'boolean') {
        if (c.op !== '==')
          problems.push(
            problem('condition_invalid', `规则 ${rule.id} 条件 ${c.id}：是/否阈值只能用 == 比较`, { path }),
          );
      } else if (typeof c.value !== 'number' || !Number.isFinite(c.value)) {
        problems.push(
          problem('condition_invalid', `规则 ${rule.id} 条件 ${c.id}：比较符 ${c.op} 需要数值阈值`, { path }),
        );
      }
    });
  });
  return problems;
}

export function loadEligibilityRules(ref: string, cwd: string): Result<RuleSet> {
  if (!isFileRef(ref)) {
    const preset = getPreset(ref);
    if (!preset) return unknownPreset(ref);
    return { ok: true, value: { id: preset.id, name: preset.name, rules: preset.eligibility } };
  }
  const raw = readJsonFile(resolvePath(cwd, ref));
  if (!raw.ok) return raw;
  const parsed = parseWithSchema(ruleFileSchema, raw.value);
  if (!parsed.ok) return { ok: false, problems: withFile(ref, parsed.problems) };
  const problems = checkRules(parsed.value.eligibility);
  if (problems.length > 0) return { ok: false, problems: withFile(ref, problems) };
  return {
    ok: true,
    value: { id: parsed.value.id ?? ref, name: parsed.value.name ?? ref, rules: parsed.value.eligibility },
  };
}
