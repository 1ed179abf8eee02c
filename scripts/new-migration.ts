// `npm run db:new-migration -- <name>`: after editing prisma/schema.prisma, writes the SQLite
// migration from the last snapshot to the current schema, stores the new snapshot, then regenerates
// the PostgreSQL schema and migration. Replaces `prisma migrate dev`, which needs a shadow database
// the JS schema engine cannot create for SQLite.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  diffDatamodels,
  migrationNames,
  ROOT,
  SNAPSHOTS,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from './prisma-schema-tools';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.log(
    '用法 (usage): npm run db:new-migration -- <name>   (name: 小写字母、数字、下划线 / lowercase, digits, _)',
  );
  process.exit(2);
}

const existing = migrationNames(SQLITE_MIGRATIONS);
const last = existing.at(-1);
const from = last ? readFileSync(join(SNAPSHOTS, `${last}.prisma`), 'utf8') : null;
const schema = readFileSync(SQLITE_SCHEMA, 'utf8');
const sql = diffDatamodels(from, schema);
if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) {
  console.log('schema.prisma 与最近一次迁移一致，无需新迁移 (no changes since the last migration)');
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = `${stamp}_${name}`;
mkdirSync(join(SQLITE_MIGRATIONS, folder), { recursive: true });
writeFileSync(join(SQLITE_MIGRATIONS, folder, 'migration.sql'), sql);
writeFileSync(join(SNAPSHOTS, `${folder}.prisma`), schema);
console.log(`已生成迁移 prisma/migrations/${folder}`);
execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-pg-schema.ts')], {
  stdio: 'inherit',
});
