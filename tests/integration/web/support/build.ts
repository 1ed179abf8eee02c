// One Remix build per state of the sources, under tests/.tmp/builds/<mtime>/, shared by every test
// process that sees the same sources. A running test server keeps its own build even when someone
// edits a file and another test process rebuilds; the shared build/ of `npm start` is never touched.
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestSourceMtime, remixBuild } from '#server/build';
import { ROOT } from '#server/paths';

const BUILDS = path.join(ROOT, 'tests', '.tmp', 'builds');
const LOCK = path.join(ROOT, 'tests', '.tmp', 'build.lock');
const KEEP_MS = 60 * 60_000;

export type TestBuild = { serverBuild: string; assetsDir: string; dir: string };

function ageOf(p: string): number {
  try {
    return Date.now() - statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

async function withLock<T>(fn: () => T): Promise<T> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than 5 minutes was left by a crashed run.
      if (ageOf(LOCK) > 300_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(LOCK);
  }
}

export function ensureTestBuild(): Promise<TestBuild> {
  return withLock(() => {
    const key = String(Math.floor(newestSourceMtime()));
    const dir = path.join(BUILDS, key);
    const result = { dir, serverBuild: path.join(dir, 'index.js'), assetsDir: path.join(dir, 'assets') };
    if (existsSync(path.join(dir, 'version.txt'))) return result;
    rmSync(dir, { recursive: true, force: true });
    remixBuild(path.relative(ROOT, dir));
    // Older builds may still serve a running test for a while; remove them after an hour.
    for (const old of existsSync(BUILDS) ? readdirSync(BUILDS) : []) {
      const oldDir = path.join(BUILDS, old);
      if (old !== key && ageOf(oldDir) > KEEP_MS) rmSync(oldDir, { recursive: true, force: true });
    }
    return result;
  });
}
