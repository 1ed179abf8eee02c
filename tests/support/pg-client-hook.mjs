// Loaded with `node --import` by a server child on PostgreSQL (tests/support/live-db.ts): every
// `import '@prisma/client'` resolves to the client generated for PostgreSQL under tests/.tmp, named by
// PINGSHEN_PRISMA_CLIENT, so the SQLite client in node_modules stays as the rest of the suite needs it.
import { register } from 'node:module';

const target = process.env.PINGSHEN_PRISMA_CLIENT;
if (target) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      const target = ${JSON.stringify(target)};
      export async function resolve(specifier, context, next) {
        if (specifier === '@prisma/client') return { url: target, shortCircuit: true };
        return next(specifier, context);
      }
    `)}`,
  );
}
