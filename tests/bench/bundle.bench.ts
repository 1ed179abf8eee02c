// `npm run bench:bundle`: the JavaScript each page makes the browser load, gzipped (issue 9 §1: the
// expert's scoring page at most 350 KB). Builds the app into tests/.tmp/bundle-bench/ (or reads the
// build given with `--dir <build dir>`, e.g. `--dir build/..` is not needed: pass the directory that
// holds `assets/`), then, from the Remix manifest, resolves for every page the files a first visit
// loads: the client entry and its imports, and for root → … → the page's route each route module and
// its imports. Each file is gzipped (level 9, as a static server with precompression would send it)
// and counted once per page.
//
// Prints one line per page, then the scoring page's total against the 350 KB goal and against the
// login page (the smallest page in the shell-less part of the app) as a baseline ratio.
// Exits 1 when the scoring page is over the goal. `--json` prints the numbers as JSON as well.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GOAL_KB = 350;
const SCORING_ROUTE = 'routes/_app.sheets.$sheetId';
const BASELINE_ROUTE = 'routes/login';

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[]; path?: string };
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

export function readManifest(assetsDir: string): Manifest {
  const file = readdirSync(assetsDir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error(`${assetsDir} 中没有 Remix manifest（manifest-*.js）`);
  const text = readFileSync(path.join(assetsDir, file), 'utf8');
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(json) as Manifest;
}

/** Every script URL a first visit to `routeId` loads, in load order, each once. */
export function pageFiles(manifest: Manifest, routeId: string): string[] {
  const chain: ManifestRoute[] = [];
  for (
    let r: ManifestRoute | undefined = manifest.routes[routeId];
    r;
    r = r.parentId ? manifest.routes[r.parentId] : undefined
  ) {
    chain.unshift(r);
  }
  const urls = [manifest.entry.module, ...manifest.entry.imports];
  for (const r of chain) urls.push(r.module, ...(r.imports ?? []));
  return [...new Set(urls)];
}

export type PageSize = { route: string; files: number; raw: number; gzip: number; lazyGzip: number };

type Metafile = { outputs: Record<string, { imports: { path: string; kind: string }[] }> };

/**
 * Scripts the page's files import later with import() (socket.io-client and the event schemas of
 * the live layer), and what those import in turn, from the build's metafile; none without one.
 */
function lazyFiles(buildDir: string, firstLoad: string[]): string[] {
  let meta: Metafile;
  try {
    meta = JSON.parse(readFileSync(path.join(buildDir, 'metafile.js.json'), 'utf8')) as Metafile;
  } catch {
    return [];
  }
  const assets = path.join(buildDir, 'assets');
  const toUrl = (out: string) =>
    '/build/' + path.relative(assets, path.resolve(ROOT, out)).split(path.sep).join('/');
  const byUrl = new Map(Object.entries(meta.outputs).map(([out, o]) => [toUrl(out), o]));
  const loaded = new Set(firstLoad);
  const lazy = new Set<string>();
  const queue = [...firstLoad];
  while (queue.length > 0) {
    const url = queue.shift()!;
    for (const i of byUrl.get(url)?.imports ?? []) {
      const target = toUrl(i.path);
      if (loaded.has(target) || lazy.has(target) || !byUrl.has(target)) continue;
      if (i.kind === 'dynamic-import' || lazy.has(url)) {
        lazy.add(target);
        queue.push(target);
      }
    }
  }
  return [...lazy];
}

export function measure(buildDir: string): { pages: PageSize[]; largest: { file: string; gzip: number }[] } {
  const assets = path.join(buildDir, 'assets');
  const manifest = readManifest(assets);
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (url: string) => {
    let s = sizes.get(url);
    if (!s) {
      // Public URLs are "/build/<file>"; the files live under <buildDir>/assets/<file>.
      const buf = readFileSync(path.join(assets, url.replace(/^\/build\//, '')));
      s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
      sizes.set(url, s);
    }
    return s;
  };
  const pages: PageSize[] = [];
  for (const id of Object.keys(manifest.routes)) {
    // Resource routes (api.v1.*, healthz, logout) render no page.
    if (/^routes\/(api\.|healthz|logout)/.test(id)) continue;
    const files = pageFiles(manifest, id);
    const total = files
      .map(sizeOf)
      .reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
    const lazyGzip = lazyFiles(buildDir, files)
      .map(sizeOf)
      .reduce((a, s) => a + s.gzip, 0);
    pages.push({ route: id, files: files.length, ...total, lazyGzip });
  }
  const largest = [...sizes.entries()]
    .map(([file, s]) => ({ file, gzip: s.gzip }))
    .sort((a, b) => b.gzip - a.gzip)
    .slice(0, 5);
  return { pages, largest };
}

const kb = (n: number) => (n / 1024).toFixed(1);

function main(): void {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  let buildDir: string;
  if (dirArg >= 0 && args[dirArg + 1]) {
    buildDir = path.resolve(args[dirArg + 1]!);
  } else {
    buildDir = path.join(ROOT, 'tests/.tmp/bundle-bench');
    const remix = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'build'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production', PINGSHEN_BUILD_DIR: path.relative(ROOT, buildDir) },
      },
    );
    if (remix.status !== 0) throw new Error('Remix 构建失败 (remix build failed)');
  }
  const { pages, largest } = measure(buildDir);
  pages.sort((a, b) => b.gzip - a.gzip);
  console.log(`build: ${path.relative(ROOT, buildDir) || buildDir}`);
  console.log(
    'page'.padEnd(42) +
      'files'.padStart(6) +
      'raw KB'.padStart(10) +
      'gzip KB'.padStart(10) +
      '+lazy KB'.padStart(10),
  );
  for (const p of pages) {
    console.log(
      p.route.padEnd(42) +
        String(p.files).padStart(6) +
        kb(p.raw).padStart(10) +
        kb(p.gzip).padStart(10) +
        (p.lazyGzip ? kb(p.lazyGzip) : '').padStart(10),
    );
  }
  console.log(
    'largest files (gzip KB): ' + largest.map((l) => `${path.basename(l.file)} ${kb(l.gzip)}`).join(', '),
  );
  const scoring = pages.find((p) => p.route === SCORING_ROUTE);
  const login = pages.find((p) => p.route === BASELINE_ROUTE);
  if (!scoring || !login) throw new Error(`manifest 中缺少 ${scoring ? BASELINE_ROUTE : SCORING_ROUTE}`);
  const ok = scoring.gzip <= GOAL_KB * 1024;
  console.log(
    `scoring page (${SCORING_ROUTE}): ${kb(scoring.gzip)} KB gzipped vs goal ${GOAL_KB} KB → ${ok ? 'OK' : 'OVER'}` +
      ` (${((scoring.gzip / (GOAL_KB * 1024)) * 100).toFixed(0)} % of the goal);` +
      ` with the live layer's lazily loaded scripts ${kb(scoring.gzip + scoring.lazyGzip)} KB;` +
      ` baseline login page ${kb(login.gzip)} KB → ratio ${(scoring.gzip / login.gzip).toFixed(2)}×`,
  );
  if (args.includes('--json'))
    console.log(
      JSON.stringify({ pages, scoringGzip: scoring.gzip, loginGzip: login.gzip, goal: GOAL_KB * 1024 }),
    );
  if (!ok) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
