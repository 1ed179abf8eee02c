// `npm run dev`: the same start sequence in development mode, `remix watch` rebuilding on change and
// the server picking up each new build on the next request (reload the page to see changes).
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { buildAll, buildIsStale } from './build';
import { createAppServer } from './index';
import { ASSETS_DIR, PUBLIC_DIR, REMIX_BUILD, REMIX_BUILD_STAMP, ROOT } from './paths';
import { exitWith, preflight, printBanner } from './preflight';

process.env.NODE_ENV = 'development';

let loaded: { stamp: number; build: Promise<ServerBuild> } | undefined;

function currentBuild(): Promise<ServerBuild> {
  const stamp = statSync(REMIX_BUILD_STAMP).mtimeMs;
  if (!loaded || loaded.stamp !== stamp) {
    // A query string makes Node's ESM loader evaluate the rebuilt file instead of its cached copy.
    loaded = {
      stamp,
      build: import(`${pathToFileURL(REMIX_BUILD).href}?t=${stamp}`) as Promise<ServerBuild>,
    };
  }
  return loaded.build;
}

try {
  const { env, seeded } = await preflight();
  if (buildIsStale()) await buildAll();
  const watcher = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'watch'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const server = createAppServer({
    build: currentBuild,
    mode: 'development',
    publicDir: PUBLIC_DIR,
    assetsDir: ASSETS_DIR,
    trustProxy: env.TRUST_PROXY,
  });
  const port = await server.listen(env.PORT);
  printBanner(port, seeded);
  const stop = () => {
    watcher.kill();
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  exitWith(error);
}
