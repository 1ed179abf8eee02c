#!/usr/bin/env node
// Runs the `pingshen` CLI. Normally from the bundle dist/cli/pingshen.mjs that `npm install`
// (postinstall) and `npm run build` write (scripts/build-cli.mjs), so no TypeScript is compiled at
// run time. Without a bundle, or when a source file changed after it was built (dist/cli/inputs.json
// records their modification times), the TypeScript sources run through tsx's loader instead, so a
// fresh clone and an edited checkout behave the same. PINGSHEN_CLI_FROM_SOURCE=1 forces the sources.
// Exit codes: 0 ok, 2 invalid input or usage, 1 internal error.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/cli/pingshen.mjs', root);

// True when the bundle exists and no source it was built from is newer than it was then.
function bundleIsFresh() {
  if (process.env.PINGSHEN_CLI_FROM_SOURCE === '1') return false;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8')).sources;
    statSync(bundle);
  } catch {
    return false;
  }
  for (const [file, mtimeMs] of Object.entries(recorded)) {
    try {
      if (statSync(new URL(file, root)).mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

// `pingshen presets --json | head`: the reader may go away before everything is written; stop
// quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function loadMain() {
  if (bundleIsFresh()) {
    try {
      return (await import(bundle.href)).main;
    } catch (error) {
      // A bundle being rewritten (npm run build:cli) at this moment: run the sources instead.
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  const { register } = await import('tsx/esm/api');
  // The project's own tsconfig, not one tsx would find from the caller's working directory.
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  return (await import(new URL('cli/main.ts', root).href)).main;
}

try {
  const main = await loadMain();
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
