#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx's ESM loader compiles cli/ and scoring/ on the
// fly (cached between runs). Exit codes: 0 ok, 2 invalid input or usage, 1 internal error.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's own tsconfig, not one tsx would find from the caller's working directory.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });

// `pingshen presets --json | head`: the reader may go away before everything is written; stop
// quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
} catch (error) {
  process.stderr.write(
    `内部错误 internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
