// pingshen grade --scheme <preset-id | scheme.json> --in <case.json | .xlsx | .csv> [--out <file.json | file.xlsx>]
import { extname } from 'node:path';
import { gradeItems } from '#scoring/grade-items';
import type { GradeOutput, Problem, Scheme } from '#scoring/types';
import { parseFlags, requireFlag } from '../args';
import { EXIT_OK, type Io, reportProblems } from '../io';
import { loadScheme, resolvePath } from '../load-scheme';
import { problem } from '../problems';
import { type CaseFile, readCase } from '../read-case';
import { writeFileAtomic } from '../write-output';

const OUT_TYPES = ['.json', '.xlsx'];

/** The CLI's JSON contract: the engine's per-item result without the per-expert totals. */
export function resultsJson(output: GradeOutput, notices: readonly string[] = []): string {
  const results = output.results.map((r) => ({
    itemId: r.itemId,
    group: r.group,
    score: r.score,
    grade: r.grade,
    rank: r.rank,
    status: r.status,
    experts: r.experts,
    flags: r.flags,
  }));
  return (
    JSON.stringify({ scheme: output.scheme, results, ...(notices.length > 0 ? { notices } : {}) }, null, 2) +
    '\n'
  );
}

// When some cells could not be read, the engine still checks the rest, so one run lists every
// problem. Left out: the engine's view of a sheet the reader already complained about (a score it
// could not read is "missing" to the engine, and an unknown JSON key is reported by both), and the
// whole check when a problem names no item and expert (a row without ids was skipped entirely).
function engineProblemsBesides(scheme: Scheme, partial: CaseFile, reported: Problem[]): Problem[] {
  if (reported.some((r) => r.itemId === undefined || r.expertId === undefined)) return [];
  const graded = gradeItems(scheme, partial.input);
  if (graded.ok) return [];
  return graded.problems
    .filter(
      (p) =>
        !reported.some(
          (r) =>
            r.itemId === p.itemId &&
            r.expertId === p.expertId &&
            (p.criterionId === undefined || p.code === 'score_missing' || r.criterionId === p.criterionId),
        ),
    )
    .map((p) => partial.locations.locate(p));
}

// Spreadsheet problems in row order (stable, so problems without a row keep their order).
function inFileOrder(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? Infinity) - (b.p.row ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

export async function runGrade(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags('grade', argv, { scheme: 'string', in: 'string', out: 'string' });
  if (!flags.ok) return reportProblems(io, flags.problems);
  const schemeRef = requireFlag('grade', flags.value.scheme, 'scheme');
  const inPath = requireFlag('grade', flags.value.in, 'in');
  if (!schemeRef.ok) return reportProblems(io, schemeRef.problems);
  if (!inPath.ok) return reportProblems(io, inPath.problems);
  const out = flags.value.out;
  if (out !== undefined && !OUT_TYPES.includes(extname(out).toLowerCase())) {
    return reportProblems(io, [
      problem('usage', `grade：输出文件“${out}”的类型不受支持，应为 .json 或 .xlsx`),
    ]);
  }

  const scheme = loadScheme(schemeRef.value, io.cwd);
  if (!scheme.ok) return reportProblems(io, scheme.problems);
  const caseFile = await readCase(resolvePath(io.cwd, inPath.value), scheme.value.rubric.criteria);
  if (!caseFile.ok) {
    const more = caseFile.partial
      ? engineProblemsBesides(scheme.value, caseFile.partial, caseFile.problems)
      : [];
    return reportProblems(io, inFileOrder([...caseFile.problems, ...more]));
  }
  const graded = gradeItems(scheme.value, caseFile.value.input);
  if (!graded.ok)
    return reportProblems(
      io,
      graded.problems.map((p) => caseFile.value.locations.locate(p)),
    );

  const notices = caseFile.value.notices ?? [];
  for (const notice of notices) io.err(`提示：${notice}\n`);
  if (out === undefined) {
    io.out(resultsJson(graded.value, notices));
    return EXIT_OK;
  }
  const target = resolvePath(io.cwd, out);
  // SheetJS loads only to write a workbook.
  let content: string | Uint8Array;
  if (extname(out).toLowerCase() === '.xlsx') {
    const { summaryWorkbook, workbookBytes } = await import('../summary-workbook');
    content = workbookBytes(summaryWorkbook(scheme.value, caseFile.value.input, graded.value));
  } else content = resultsJson(graded.value, notices);
  const written = writeFileAtomic(target, content);
  if (!written.ok) return reportProblems(io, written.problems);
  io.out(`已写入 ${out}：${graded.value.results.length} 个评审对象（方案 ${scheme.value.id}）\n`);
  return EXIT_OK;
}
