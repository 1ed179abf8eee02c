// Imports the Remix build and serves it with socket.io on one port until SIGINT/SIGTERM.
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createAppServer } from './index';
import { ASSETS_DIR, PUBLIC_DIR, REMIX_BUILD } from './paths';
import { printBanner, type seed } from './preflight';

export async function serve(options: {
  port: number;
  trustProxy: boolean | number | string;
  mode: 'production' | 'development';
  seeded: Awaited<ReturnType<typeof seed>>;
}) {
  const build = (await import(pathToFileURL(REMIX_BUILD).href)) as ServerBuild;
  const server = createAppServer({
    build,
    mode: options.mode,
    publicDir: PUBLIC_DIR,
    assetsDir: ASSETS_DIR,
    trustProxy: options.trustProxy,
  });
  const port = await server.listen(options.port);
  printBanner(port, options.seeded);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
