// Side-effect module: import it FIRST in an integration test file. It points DATABASE_URL at a fresh
// migrated SQLite file before `#app/utils/db.server` creates the shared client, and fixes the session
// secret so no file is written under data/. Each test file runs in its own module graph (vitest
// isolates files), so each file gets its own database.
import { createTestDatabaseFile } from './test-db';

const testDb = createTestDatabaseFile();
process.env.DATABASE_URL = testDb.url;
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789abcdef0123456789';
process.env.AUDIT_KEY ??= 'test-audit-key-0123456789abcdef0123456789abcdef';

export const testDatabaseFile = testDb.file;
