// pingshen lifecycle --jurisdiction <miit|sichuan|shanghai> --in <histories.json> [--out <file.json>]
// Applies the lifecycle rules (动态管理: 整改、撤销/移出、禁止再申报) to platform histories and writes
// one verdict per history. The rules live in scoring/platform-lifecycle.ts; docs/scoring.md §8.1.
import { extname } from 'node:path';
import { z } from 'zod';
import { parseIsoDate } from '#scoring/dates';
import { parseWithSchema } from '#scoring/parse-with-schema';
import {
  checkPlatformHistory,
  type LifecycleVerdict,
  lifecycleVerdict,
  type PlatformHistoryInput,
} from '#scoring/platform-lifecycle';
import type { Jurisdiction, Problem } from '#scoring/types';
import { parseFlags, requireFlag } from '../args';
import { EXIT_OK, type Io, reportProblems } from '../io';
import { resolvePath } from '../load-scheme';
import { problem } from '../problems';
import { readJsonFile } from '../read-json';
import { writeFileAtomic } from '../write-output';

const JURISDICTIONS: readonly Jurisdiction[] = ['miit', 'sichuan', 'shanghai'];

const year = z.number().int().min(1900).max(2200);

// asOf: a year (2029) or a date ('2029-06-30'); only its year matters, since events carry years.
const asOf = z.union([
  year,
  z.string().transform((value, ctx) => {
    const parsed = parseIsoDate(value);
    if (!parsed.ok) {
      ctx.addIssue({
        code: 'custom',
        message: `应为年份（如 2029）或日期 YYYY-MM-DD：${parsed.problems[0].message}`,
      });
      return z.NEVER;
    }
    return Number(parsed.value.slice(0, 4));
  }),
]);

const eventSchema = z.strictObject({
  year,
  type: z.enum(['annual', 'triennial', 'performance', 'rectification', 'ground']),
  result: z.enum(['合格', '不合格', '优秀', '良好', '一般', 'absent']).optional(),
  ground: z.string().min(1).optional(),
  withCause: z.boolean().optional(),
});

const historySchema = z.strictObject({
  id: z.string().trim().min(1),
  recognisedYear: year,
  asOf,
  events: z.array(eventSchema),
  applyProbes: z.array(year).optional(),
});

export const lifecycleInputSchema = z.strictObject({ histories: z.array(historySchema) });

// "histories[2].events[0].type：…" → "历史“P-3”：events[0].type：…", so the message names the history.
function nameHistory(raw: unknown, p: Problem): Problem {
  const match = /^histories\[(\d+)\]\.?(.*)$/s.exec(p.message);
  if (!match) return p;
  const list = (raw as { histories?: unknown[] } | null)?.histories;
  const entry = Array.isArray(list) ? (list[Number(match[1])] as { id?: unknown } | undefined) : undefined;
  const name =
    typeof entry?.id === 'string' && entry.id.trim() !== ''
      ? `历史“${entry.id}”`
      : `第${Number(match[1]) + 1}个历史`;
  return { code: p.code, message: `${name}：${match[2]}` };
}

export function runLifecycle(argv: readonly string[], io: Io): number {
  const flags = parseFlags('lifecycle', argv, { jurisdiction: 'string', in: 'string', out: 'string' });
  if (!flags.ok) return reportProblems(io, flags.problems);
  const j = requireFlag('lifecycle', flags.value.jurisdiction, 'jurisdiction');
  const inPath = requireFlag('lifecycle', flags.value.in, 'in');
  if (!j.ok) return reportProblems(io, j.problems);
  if (!inPath.ok) return reportProblems(io, inPath.problems);
  if (!(JURISDICTIONS as readonly string[]).includes(j.value)) {
    return reportProblems(io, [
      problem('usage', `lifecycle：--jurisdiction 应为 miit、sichuan 或 shanghai，收到“${j.value}”`),
    ]);
  }
  const jurisdiction = j.value as Jurisdiction;
  const out = flags.value.out;
  if (out !== undefined && extname(out).toLowerCase() !== '.json') {
    return reportProblems(io, [problem('usage', `lifecycle：输出文件“${out}”的类型不受支持，应为 .json`)]);
  }

  const raw = readJsonFile(resolvePath(io.cwd, inPath.value));
  if (!raw.ok) return reportProblems(io, raw.problems);
  const parsed = parseWithSchema(lifecycleInputSchema, raw.value);
  if (!parsed.ok)
    return reportProblems(
      io,
      parsed.problems.map((p) => nameHistory(raw.value, p)),
    );
  const histories = parsed.value.histories as PlatformHistoryInput[];

  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const h of histories) {
    if (seen.has(h.id)) problems.push(problem('history_duplicate', `历史“${h.id}”：编号重复`));
    seen.add(h.id);
    for (const message of checkPlatformHistory(jurisdiction, h)) {
      problems.push(problem('history_invalid', message));
    }
  }
  if (problems.length > 0) return reportProblems(io, problems);

  const verdicts: LifecycleVerdict[] = [];
  for (const h of histories) {
    const { verdict, ignored } = lifecycleVerdict(jurisdiction, h);
    if (ignored > 0) {
      io.err(`提示：历史“${h.id}”有 ${ignored} 条记录晚于 asOf（${h.asOf}年），未计入\n`);
    }
    verdicts.push(verdict);
  }
  const text = JSON.stringify({ jurisdiction, histories: verdicts }, null, 2) + '\n';
  if (out === undefined) {
    io.out(text);
    return EXIT_OK;
  }
  const written = writeFileAtomic(resolvePath(io.cwd, out), text);
  if (!written.ok) return reportProblems(io, written.problems);
  io.out(`已写入 ${out}：${verdicts.length} 个平台（${jurisdiction}）\n`);
  return EXIT_OK;
}
