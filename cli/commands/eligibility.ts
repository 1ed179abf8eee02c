// pingshen eligibility --scheme <id | file> --in <applications.json | .xlsx | .csv> [--json]
import { checkEligibility } from '#scoring/check-eligibility';
import type { ConditionResult, EligibilityResult, RuleOutcome } from '#scoring/types';
import { parseFlags, requireFlag } from '../args';
import { formatTable } from '../format-table';
import { EXIT_OK, type Io, reportProblems } from '../io';
import { loadEligibilityRules, resolvePath } from '../load-scheme';
import { problem } from '../problems';
import { readApplications } from '../read-applications';

const OVERALL_LABELS: Record<EligibilityResult['overall'], string> = {
  eligible: '符合基本条件',
  ineligible: '不符合基本条件',
  incomplete: '数据不全，无法判定',
};

const OUTCOME_LABELS: Record<RuleOutcome, string> = { pass: '通过', fail: '未通过', missing: '缺数据' };

function valueText(value: number | boolean | null, unit: string | undefined): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return `${value}${unit ?? ''}`;
}

function requirementText(c: ConditionResult): string {
  if (c.op === 'true') return '是';
  if (typeof c.threshold === 'boolean') return c.threshold ? '是' : '否';
  const op = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' }[c.op];
  return `${op} ${valueText(c.threshold, c.unit)}`;
}

export async function runEligibility(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags('eligibility', argv, { scheme: 'string', in: 'string', json: 'boolean' });
  if (!flags.ok) return reportProblems(io, flags.problems);
  const schemeRef = requireFlag('eligibility', flags.value.scheme, 'scheme');
  const inPath = requireFlag('eligibility', flags.value.in, 'in');
  if (!schemeRef.ok) return reportProblems(io, schemeRef.problems);
  if (!inPath.ok) return reportProblems(io, inPath.problems);

  const ruleSet = loadEligibilityRules(schemeRef.value, io.cwd);
  if (!ruleSet.ok) return reportProblems(io, ruleSet.problems);
  if (ruleSet.value.rules.length === 0) {
    return reportProblems(io, [
      problem(
        'rules_empty',
        `方案 ${ruleSet.value.id} 没有基本条件规则（年度评价、综合评审不做基本条件审查）`,
      ),
    ]);
  }
  const read = await readApplications(resolvePath(io.cwd, inPath.value), ruleSet.value.rules);
  if (!read.ok) return reportProblems(io, read.problems);
  for (const notice of read.value.notices) io.err(`提示：${notice}\n`);

  const results = read.value.applications.map((a) => ({
    id: a.id,
    ...(a.name === undefined ? {} : { name: a.name }),
    ...checkEligibility(ruleSet.value.rules, a.data),
  }));
  if (flags.value.json) {
    const notices = read.value.notices;
    io.out(
      JSON.stringify(
        { scheme: ruleSet.value.id, results, ...(notices.length > 0 ? { notices } : {}) },
        null,
        2,
      ) + '\n',
    );
    return EXIT_OK;
  }

  const anyOf = new Set(ruleSet.value.rules.filter((r) => r.anyOf).map((r) => r.id));
  const blocks = results.map((r) => {
    const rows = r.rules.flatMap((rule) =>
      rule.conditions.map((c, i) => [
        i === 0 ? rule.label + (anyOf.has(rule.id) ? '（满足其一即可）' : '') : '',
        i === 0 ? OUTCOME_LABELS[rule.outcome] : '',
        c.label,
        valueText(c.value, c.unit),
        requirementText(c),
        OUTCOME_LABELS[c.outcome],
      ]),
    );
    const title = `${r.id}${r.name ? ` ${r.name}` : ''}：${OVERALL_LABELS[r.overall]}`;
    return `${title}\n${formatTable(['规则', '规则结果', '条件', '实际值', '要求', '条件结果'], rows)}`;
  });
  const count = (overall: EligibilityResult['overall']) =>
    results.filter((r) => r.overall === overall).length;
  const summary = `方案 ${ruleSet.value.id}（${ruleSet.value.name}）：共 ${results.length} 个，符合 ${count('eligible')} 个，不符合 ${count('ineligible')} 个，数据不全 ${count('incomplete')} 个\n`;
  io.out(`${blocks.join('\n')}\n${summary}`);
  return EXIT_OK;
}
