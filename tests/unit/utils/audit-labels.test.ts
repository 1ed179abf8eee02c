// Every audit action the models record has a Chinese name for the audit page (审计日志).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '#app/utils/audit-labels';

const MODELS = resolve(import.meta.dirname, '../../../app/models');

describe('audit action labels', () => {
  it('name every action string the models write', () => {
    const actions = new Set<string>();
    // Model folders too (app/models/import/): readdirSync with recursive lists files in subfolders.
    const files = readdirSync(MODELS, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    for (const file of files) {
      const source = readFileSync(join(file.parentPath, file.name), 'utf8');
      for (const m of source.matchAll(/'([a-z]+(?:\.[a-z]+)+)'/g))
        if (!m[1].endsWith('.server')) actions.add(m[1]);
    }
    expect(actions.size).toBeGreaterThan(20);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_LABELS)).sort()).toEqual([]);
  });

  it('show an unknown action as recorded', () => {
    expect(auditActionLabel('round.create')).toBe('创建评审工作');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });
});
