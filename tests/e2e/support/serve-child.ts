// Runs in its own process with NODE_ENV=production, like `npm start`: seeds the temp database, serves
// the test build, and reports the port on stdout. Started by tests/e2e/support/server.ts.
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
const port = await server.listen(0, '127.0.0.1');
process.stdout.write(`E2E_LISTENING ${port}\n`);
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
