// Runs in its own process with NODE_ENV=production (started by tests/support/live-server.ts): seeds
// the demo data once (a restart on the same database changes nothing), serves the test build on
// LIVE_PORT (0: any free port; a restart asks for the port it had, so clients reconnect to it), and
// reports the port on stdout as tests/e2e/support/serve-child.ts does.
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { prisma } from '#app/utils/db.server';
import { createAppServer } from '#server/index';
import { PUBLIC_DIR } from '#server/paths';
import { seedDatabase } from '#seeds/load.server';

const serverBuild = process.env.E2E_SERVER_BUILD;
const assetsDir = process.env.E2E_ASSETS_DIR;
if (!serverBuild || !assetsDir) throw new Error('E2E_SERVER_BUILD and E2E_ASSETS_DIR are required');

await seedDatabase(prisma);
const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
const server = createAppServer({ build, mode: 'production', publicDir: PUBLIC_DIR, assetsDir });
const wanted = Number(process.env.LIVE_PORT ?? 0);
let port = 0;
// A port just freed by a killed instance may linger a moment.
for (let attempt = 0; ; attempt++) {
  try {
    port = await server.listen(wanted, '127.0.0.1');
    break;
  } catch (error) {
    if (attempt >= 50 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await new Promise((r) => setTimeout(r, 100));
  }
}
process.stdout.write(`E2E_LISTENING ${port}\n`);
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
