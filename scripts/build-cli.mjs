// Bundles the `pingshen` CLI with esbuild into dist/cli/ (gitignored), so the CLI starts without
// compiling TypeScript at run time: dist/cli/pingshen.mjs (+ chunks, one per command, loaded on
// demand) and, when app/utils/xlsx/sandbox.worker.ts exists, dist/cli/sandbox.worker.mjs next to it
// (the sandbox starts its worker from new URL('./sandbox.worker.mjs', import.meta.url)).
// Run by `npm run build` and by `postinstall`. Without esbuild (an install that left out dev
// dependencies) it says so and exits 0: bin/pingshen.mjs then runs the sources through tsx.
// dist/cli/inputs.json lists the source files and their modification times, so bin/pingshen.mjs can
// tell a stale bundle (sources edited since) and run the sources instead.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write(
    'build-cli: esbuild is not installed; the CLI will run from its TypeScript sources (tsx)\n',
  );
  process.exit(0);
}

const entryPoints = { pingshen: join(root, 'cli', 'main.ts') };
const worker = join(root, 'app', 'utils', 'xlsx', 'sandbox.worker.ts');
if (existsSync(worker)) entryPoints['sandbox.worker'] = worker;

// zod's `locales` namespace holds every language's messages (a third of zod's code, parsed at each
// start); the engine only ever uses z.locales.zhCN(), so the bundle's locales are zh-CN alone.
const zodLocales = {
  name: 'zod-locales-zh-cn',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as zhCN } from ${JSON.stringify(join(dirname(args.path), 'zh-CN.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const started = performance.now();
// postinstall passes --if-possible: a failed bundle must not fail `npm install` (the CLI then runs
// from its sources); `npm run build` fails loudly.
const ifPossible = process.argv.includes('--if-possible');
let result;
try {
  result = await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // Chunks beside the entry, not in a subfolder: code that finds a file next to itself
    // (new URL('./sandbox.worker.mjs', import.meta.url)) must see dist/cli/ from every chunk.
    chunkNames: '[name]-[hash]',
    tsconfig: join(root, 'tsconfig.json'),
    metafile: true,
    plugins: [zodLocales],
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    logLevel: 'warning',
    // CommonJS dependencies inside an ES module bundle may still call require().
    banner: {
      js: "import { createRequire as __pingshenRequire } from 'node:module'; const require = __pingshenRequire(import.meta.url);",
    },
  });
} catch (error) {
  if (!ifPossible) throw error;
  rmSync(outdir, { recursive: true, force: true });
  process.stderr.write(
    `build-cli: bundling failed, the CLI will run from its sources (tsx): ${error.message}\n`,
  );
  process.exit(0);
}

const inputs = Object.keys(result.metafile.inputs)
  .map((file) => resolve(root, file))
  .filter((file) => !file.includes(`${join('node_modules', '')}`));
const sources = Object.fromEntries(inputs.map((file) => [relative(root, file), statSync(file).mtimeMs]));
writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ built: Date.now(), sources }));
process.stdout.write(
  `build-cli: ${Object.keys(entryPoints)
    .map((e) => `dist/cli/${e}.mjs`)
    .join(', ')} (${inputs.length} source files, ${Math.round(performance.now() - started)} ms)\n`,
);
