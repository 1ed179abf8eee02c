// What a command may touch: two text streams and the working directory. Commands return the exit
// code (0 ok, 2 invalid input or usage) instead of calling process.exit, so output is flushed.
import type { Problem } from '#scoring/types';
import { formatProblem } from './problems';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 2;

export function reportProblems(io: Io, problems: Problem[]): number {
  io.err(problems.map((p) => formatProblem(p)).join('\n') + '\n');
  return EXIT_INVALID;
}
