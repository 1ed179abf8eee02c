// Global guard: the test suite must never create or change the workbench's own files under data/
// (the SQLite database and the session secret `npm start` uses). A test that reaches the default
// DATABASE_URL by accident, e.g. by importing a model without '#tests/support/use-test-db', once left
// an empty data/pingshen.db behind, on which the next `npm start` failed. Fails the run instead.
import { statSync } from 'node:fs';
import path from 'node:path';

const WATCHED = ['data/pingshen.db', 'data/pingshen.db-wal', 'data/session-secret', 'data/audit-key'];

function snapshot(): Record<string, string> {
  const state: Record<string, string> = {};
  for (const file of WATCHED) {
    try {
      const s = statSync(path.resolve(file));
      state[file] = `${s.size}:${s.mtimeMs}`;
    } catch {
      state[file] = 'absent';
    }
  }
  return state;
}

export function setup() {
  const before = snapshot();
  return () => {
    const after = snapshot();
    const touched = WATCHED.filter((file) => before[file] !== after[file]);
    if (touched.length > 0) {
      throw new Error(
        `测试改动了工作台自己的数据文件 (the tests created or changed): ${touched.join(', ')} — ` +
          "import '#tests/support/use-test-db' first in the test file that opens the database",
      );
    }
  };
}
