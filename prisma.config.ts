// Prisma CLI configuration. The JS schema engine with a driver adapter keeps `prisma migrate` and
// `prisma generate` free of downloaded engine binaries (offline / 内网 installs). Prisma ignores .env
// once this file exists: DATABASE_URL comes from the real environment, defaulting to the embedded
// SQLite file. PostgreSQL uses its own schema and migrations folder, generated from the SQLite ones.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createAdapterFactory, DEFAULT_DATABASE_URL, isPostgresUrl } from './app/utils/db-adapter.server';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => createAdapterFactory(url, { forMigrations: true }),
  schema: path.join('prisma', postgres ? 'schema.postgres.prisma' : 'schema.prisma'),
  migrations: {
    path: path.join('prisma', postgres ? 'migrations-postgres' : 'migrations'),
  },
});
