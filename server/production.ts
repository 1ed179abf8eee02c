// Entry of the compiled server (`node build/server.js`): as `npm start`, without the build step.
import { exitWith, preflight } from './preflight';
import { serve } from './serve';

process.env.NODE_ENV ??= 'production';

try {
  const { env, seeded } = await preflight();
  await serve({ port: env.PORT, trustProxy: env.TRUST_PROXY, mode: 'production', seeded });
} catch (error) {
  exitWith(error);
}
