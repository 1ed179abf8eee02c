// `npm start`: validate env → database → migrations → presets/demo → build if stale → serve.
import { buildAll, buildIsStale } from './build';
import { exitWith, preflight } from './preflight';
import { serve } from './serve';

// npm start is the way to run the workbench; development mode is `npm run dev`.
process.env.NODE_ENV ??= 'production';

try {
  const { env, seeded } = await preflight();
  if (buildIsStale()) {
    process.stdout.write('构建中 (building)…\n');
    await buildAll();
  }
  await serve({
    port: env.PORT,
    trustProxy: env.TRUST_PROXY,
    mode: env.NODE_ENV === 'development' ? 'development' : 'production',
    seeded,
  });
} catch (error) {
  exitWith(error);
}
