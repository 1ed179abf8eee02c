import { describe, expect, it } from 'vitest';
import { isValidUscc } from '#app/utils/uscc';
import { buildDemoDataset } from '#seeds/demo/build';
import { createRng } from '#seeds/demo/random';
import { generateUscc, orgCodeCheckChar } from '#seeds/demo/uscc';

describe('buildDemoDataset', () => {
  const ds = buildDemoDataset();

  it('is deterministic: the same seed builds the same data, ids included', () => {
    expect(buildDemoDataset()).toEqual(ds);
    expect(buildDemoDataset(7).platforms[0].id).not.toBe(ds.platforms[0].id);
  });

  it('has the documented shape', () => {
    expect(ds.platforms).toHaveLength(60);
    expect(ds.experts).toHaveLength(25);
    expect(ds.rounds.map((r) => r.name)).toEqual([
      '2026年度四川省产业技术基础公共服务平台年度评价',
      '2025年度上海市专业技术服务平台绩效评估',
    ]);
    expect(ds.panels).toHaveLength(3);
    expect(new Set(ds.platforms.map((p) => p.status))).toEqual(
      new Set(['applicant', 'listed', 'rectifying', 'removed']),
    );
  });

  it('gives each panel one chair and five seated members, drawn with a recorded seed', () => {
    for (const panel of ds.panels) {
      const members = ds.panelMembers.filter((m) => m.panelId === panel.id);
      expect(members.filter((m) => m.role === 'chair')).toHaveLength(1);
      expect(members.filter((m) => m.role !== 'backup')).toHaveLength(5);
      expect(panel.drawSeed).toBeTruthy();
    }
  });

  it('never lets a recused expert score the item', () => {
    const recused = new Set(
      ds.recusals.map((r) => `${ds.assignments.find((a) => a.id === r.assignmentId)?.itemId}|${r.expertId}`),
    );
    expect(recused.size).toBeGreaterThan(0);
    for (const s of ds.sheets) expect(recused.has(`${s.itemId}|${s.expertId}`)).toBe(false);
  });

  it('assigns only admitted items', () => {
    const admitted = new Set(ds.items.filter((i) => i.eligibilityDecision === 'admitted').map((i) => i.id));
    for (const a of ds.assignments) expect(admitted.has(a.itemId)).toBe(true);
    expect(ds.items.some((i) => i.eligibilityDecision === 'excluded' && i.eligibilityReason)).toBe(true);
  });
});

describe('generateUscc', () => {
  it('produces codes that pass the GB 32100 check, with a valid GB 11714 organisation code inside', () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) {
      const code = generateUscc(rng, '510107', i % 2 ? 'enterprise' : 'institution');
      expect(isValidUscc(code), code).toBe(true);
      expect(code[16]).toBe(orgCodeCheckChar(code.slice(8, 16)));
    }
  });

  it('computes the GB 11714 check character of a known organisation code', () => {
    // D2143569-X is the worked example of GB 11714-1997.
    expect(orgCodeCheckChar('D2143569')).toBe('X');
  });
});

describe('demo platforms speak the documents’ lists', () => {
  it('use only service fields and scopes printed for their jurisdiction, at most three fields', async () => {
    const { SERVICE_LISTS } = await import('#app/utils/xlsx/options');
    const data = buildDemoDataset();
    expect(data.platforms.length).toBeGreaterThan(50);
    for (const p of data.platforms) {
      const lists = SERVICE_LISTS[p.jurisdiction];
      const fields = JSON.parse(p.fields ?? '[]') as string[];
      const scopes = JSON.parse(p.scopes ?? '[]') as string[];
      expect(fields.length, p.name).toBeGreaterThanOrEqual(1);
      expect(fields.length, p.name).toBeLessThanOrEqual(3);
      for (const f of fields) expect(lists.fields, `${p.name} 领域 ${f}`).toContain(f);
      for (const s of scopes) expect(lists.scopes, `${p.name} 范围 ${s}`).toContain(s);
    }
  });
});
