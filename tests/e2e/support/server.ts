// The workbench for browser journeys: a separate Node process in production mode (as `npm start`
// runs it, so antd renders production class names and hydration is exercised for real) on a fresh
// migrated SQLite file with the demo data.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '#server/paths';
import { createTestDatabaseFile } from '#tests/support/test-db';
import { ensureTestBuild } from '#tests/integration/web/support/build';

export type E2eServer = { url: string; close(): Promise<void> };

export async function startE2eServer(): Promise<E2eServer> {
  const built = await ensureTestBuild();
  const db = createTestDatabaseFile();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'tests/e2e/support/serve-child.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        SESSION_SECRET: 'e2e-session-secret-0123456789abcdef0123456789',
        AUDIT_KEY: 'e2e-audit-key-0123456789abcdef0123456789abcdef',
        E2E_SERVER_BUILD: built.serverBuild,
        E2E_ASSETS_DIR: built.assetsDir,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^E2E_LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`e2e server exited early with code ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
