// The workbench as a separate Node process in production mode (tests/e2e/support/serve-child.ts: demo
// data seeded once, the test build of the current sources) on a database of tests/support/live-db.ts,
// which the reliability suites can `kill -9` and start again on the same database.
//
// One `LiveInstance` is one process; `startLiveInstance` may be called again on the same database for
// a restart — or, later (issue 12, `--instances`), for a second instance beside the first.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '#server/paths';
import { ensureTestBuild } from '#tests/integration/web/support/build';
import type { LiveDb } from './live-db';

export type LiveInstance = {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** SIGKILL, no chance to flush or close anything; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then waits for the exit. */
  close(): Promise<void>;
};

// The test process's own keys when it has them, so it can verify the audit chain the child wrote.
export const LIVE_SECRETS = {
  SESSION_SECRET: process.env.SESSION_SECRET ?? 'live-session-secret-0123456789abcdef0123456789',
  AUDIT_KEY: process.env.AUDIT_KEY ?? 'live-audit-key-0123456789abcdef0123456789abcdef',
};

export async function startLiveInstance(
  db: Pick<LiveDb, 'url' | 'nodeArgs' | 'env'>,
  options: { port?: number; quiet?: boolean } = {},
): Promise<LiveInstance> {
  const built = await ensureTestBuild();
  const child = spawn(
    process.execPath,
    [...db.nodeArgs, '--import', 'tsx', path.join(ROOT, 'tests/support/live-server-child.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...db.env,
        ...LIVE_SECRETS,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        E2E_SERVER_BUILD: built.serverBuild,
        E2E_ASSETS_DIR: built.assetsDir,
        LIVE_PORT: String(options.port ?? 0),
      },
      stdio: ['ignore', 'pipe', options.quiet ? 'ignore' : 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^E2E_LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`live server exited early with code ${code} signal ${signal}`)),
    );
  });
  // Never leave a server behind when the test or bench process ends abruptly.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exited = once(child, 'exit').finally(() => process.off('exit', orphanGuard));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
