// `npm run build`: the Remix build (build/index.js, public/build/) and the server bundle
// (build/server.js) that runs with plain `node build/server.js`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild, buildSync } from 'esbuild';
import { REMIX_BUILD_STAMP, ROOT, SERVER_BUNDLE } from './paths';

// Everything the Remix build or the server bundle is made from.
const SOURCES = ['app', 'server', 'scoring', 'seeds', 'remix.config.js', 'package.json', 'package-lock.json'];

function newestMtime(entry: string): number {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (max, name) => Math.max(max, newestMtime(path.join(entry, name))),
    stat.mtimeMs,
  );
}

function mtimeOrZero(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Last modification of anything the build is made from. */
export function newestSourceMtime(): number {
  return Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
}

/** True when build/ is missing or older than any source file. */
export function buildIsStale(): boolean {
  const built = Math.min(
    mtimeOrZero(REMIX_BUILD_STAMP),
    mtimeOrZero(SERVER_BUNDLE),
    mtimeOrZero(path.join(path.dirname(SERVER_BUNDLE), 'sandbox.worker.mjs')),
  );
  return built === 0 || newestSourceMtime() > built;
}

/** The Remix compiler; outDir (relative to the project) replaces build/ and public/build/ (tests). */
export function remixBuild(outDir?: string): void {
  const remix = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'build'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', ...(outDir ? { PINGSHEN_BUILD_DIR: outDir } : {}) },
    },
  );
  if (remix.status !== 0) throw new Error('Remix 构建失败 (remix build failed)');
  // The sandboxed workbook reader looks for its compiled worker next to the module it runs from:
  // the Remix server build (build/index.js → build/sandbox.worker.mjs).
  buildSandboxWorker(path.join(ROOT, outDir ?? 'build', 'sandbox.worker.mjs'));
}

/**
 * The sandbox worker (app/utils/xlsx/sandbox.worker.ts) as one self-contained ES module, SheetJS
 * included, so it runs with plain node wherever it is copied. app/utils/xlsx/sandbox.ts finds it as
 * `sandbox.worker.mjs` next to its own module; a bundled CLI writes it next to its bundle.
 */
export function buildSandboxWorker(outfile: string): void {
  buildSync({
    entryPoints: [path.join(ROOT, 'app/utils/xlsx/sandbox.worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}

function dependencyNames(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
}

export async function buildAll(): Promise<void> {
  remixBuild();
  await esbuild({
    entryPoints: [path.join(ROOT, 'server/production.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages stay external (Prisma, better-sqlite3 and antd load from node_modules at run time);
    // our own #app/#seeds/... imports are bundled, since plain node cannot resolve extensionless paths.
    external: dependencyNames().flatMap((name) => [name, `${name}/*`]),
    logLevel: 'warning',
  });
}

const invokedDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invokedDirectly) {
  buildAll().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
