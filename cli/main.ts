// Entry of the `pingshen` CLI: dispatch to a sub-command and return its exit code.
import { COMMAND_HELP, MAIN_HELP } from './help';
import { EXIT_INVALID, EXIT_OK, type Io } from './io';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

// Loaded on demand: SheetJS, zod and the holiday data cost most of the start-up time, and only
// the command that needs them should pay for them.
const COMMANDS: Record<string, () => Promise<Command>> = {
  grade: async () => (await import('./commands/grade')).runGrade,
  eligibility: async () => (await import('./commands/eligibility')).runEligibility,
  workdays: async () => (await import('./commands/workdays')).runWorkdays,
  presets: async () => (await import('./commands/presets')).runPresets,
  lifecycle: async () => (await import('./commands/lifecycle')).runLifecycle,
};

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || HELP_FLAGS.has(command)) {
    const topic = command === 'help' ? rest[0] : undefined;
    io.out(topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : MAIN_HELP);
    return command === undefined ? EXIT_INVALID : EXIT_OK;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    io.err(
      `错误：未知命令“${command}”。可用命令：${Object.keys(COMMANDS).join('、')}（运行 pingshen --help 查看用法）\n`,
    );
    return EXIT_INVALID;
  }
  if (rest.some((a) => a === '--help' || a === '-h')) {
    io.out(COMMAND_HELP[command]);
    return EXIT_OK;
  }
  const run = await COMMANDS[command]();
  return run(rest, io);
}
