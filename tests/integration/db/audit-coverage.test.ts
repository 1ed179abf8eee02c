// Every model write, run through its real function against a real database, leaves exactly the
// documented audit events: named actor, entity and entity id, `before` on every change to something
// that existed, `after` on every create or change, and a chain that still verifies. The static
// scan (tests/unit/utils/audit-write-sites.test.ts) proves there is no other way to write.
import '#tests/support/use-test-db';
import type { AuditEvent } from '@prisma/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { assignItems, autoAssign, unassignItem } from '#app/models/assignment.server';
import { createApiToken, createSession, endSession, revokeApiToken } from '#app/models/auth.server';
import {
  createExpert,
  createExpertAccounts,
  expertWorkbook,
  getExpert,
  importExperts,
  updateExpert,
} from '#app/models/expert.server';
import { commitItemsImport } from '#app/models/import.server';
import { decideEligibility } from '#app/models/item.server';
import {
  createPanel,
  drawPanelExperts,
  getPanel,
  replacePanelExpert,
  setPanelChair,
  updatePanelSize,
} from '#app/models/panel.server';
import {
  createRound,
  createRoundSchema,
  getRound,
  startScoring,
  updateRound,
} from '#app/models/round.server';
import { type RubricInput, updateRoundRubric } from '#app/models/scheme.server';
import {
  changeOwnPassword,
  createUser,
  resetPassword,
  setUserDisabled,
  setUserRoles,
} from '#app/models/user.server';
import { prisma } from '#app/utils/db.server';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';
import { computeUsccCheckChar } from '#app/utils/uscc';
import { makeItem } from '#tests/integration/panels/fixtures';

let actor: string;

beforeAll(async () => {
  actor = (
    await prisma.user.create({
      data: { username: 'audit-actor', displayName: '审计测试', passwordHash: 'x' },
    })
  ).id;
});

/** An organisation with a code of its own (成都 高新区 prefix, apart from the xlsx factory's codes). */
async function makeOrganisation(name: string, n: number) {
  const body = `91510109${String(n).padStart(9, '0')}`;
  return prisma.organisation.create({
    data: { name, uscc: body + computeUsccCheckChar(body), region: '四川省成都市' },
    select: { id: true },
  });
}

type Parsed = Omit<AuditEvent, 'before' | 'after'> & { before: any; after: any };

/** Runs one write and returns the audit events it added, in order; the chain must still verify. */
async function audited<T>(write: () => Promise<T>): Promise<{ value: T; events: Parsed[] }> {
  const last = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
  const value = await write();
  const rows = await prisma.auditEvent.findMany({
    where: { seq: { gt: last.seq } },
    orderBy: { seq: 'asc' },
  });
  expect(await verifyAuditChain()).toMatchObject({ ok: true });
  const events = rows.map((r) => ({
    ...r,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
  for (const e of events) {
    expect(e.entity).toMatch(/^[A-Z]\w+$/);
    expect(e.entityId.length).toBeGreaterThan(0);
  }
  return { value, events };
}

function only(events: Parsed[], action: string, who: string | null = actor): Parsed {
  expect(events.map((e) => e.action)).toEqual([action]);
  expect(events[0].actorId).toBe(who);
  return events[0];
}

describe('accounts', () => {
  it('user create, roles, password reset and disable each leave one event with before and after', async () => {
    const created = await audited(() =>
      createUser(actor, {
        username: 'audit-u1',
        displayName: '张三',
        password: 'pw-123456789',
        roles: ['expert'],
      }),
    );
    const userId = created.value.id;
    const create = only(created.events, 'user.create');
    expect(create).toMatchObject({ entity: 'User', entityId: userId, before: null });
    expect(create.after).toMatchObject({ username: 'audit-u1', roles: ['expert'] });
    expect(JSON.stringify(create.after)).not.toMatch(/scrypt|passwordHash/);

    const roles = only(
      (await audited(() => setUserRoles(actor, userId, ['expert', 'chair']))).events,
      'user.roles',
    );
    expect(roles).toMatchObject({ before: { roles: ['expert'] }, after: { roles: ['expert', 'chair'] } });

    const session = await createSession({ userId, ip: '127.0.0.1', userAgent: null });
    const reset = only(
      (await audited(() => resetPassword(actor, userId, 'pw-987654321'))).events,
      'user.password.reset',
    );
    expect(reset.entityId).toBe(userId);
    // The password itself never goes to the trail, but the change and the sessions it ended do.
    expect(reset.before).toEqual({ sessions: 1 });
    expect(reset.after).toEqual({ sessions: 0, passwordChanged: true, revokedTokens: [] });
    expect(JSON.stringify(reset)).not.toContain('pw-987654321');
    await endSession(session);

    const token = await createApiToken({ userId, name: '脚本' });
    const disabled = only((await audited(() => setUserDisabled(actor, userId, true))).events, 'user.disable');
    // Disabling also revoked the token: the event must say so, or the revocation has no trail.
    expect(disabled.before).toMatchObject({ disabled: false });
    expect(disabled.after).toMatchObject({ disabled: true, revokedTokens: [token.id] });
  });

  it('session and API token events (login, logout, token create and revoke)', async () => {
    const user = await createUser(actor, {
      username: 'audit-u2',
      displayName: '李四',
      password: 'pw-123456789',
      roles: ['agency'],
    });
    const login = await audited(() => createSession({ userId: user.id, ip: '10.0.0.9', userAgent: 'test' }));
    expect(only(login.events, 'auth.login', user.id)).toMatchObject({
      entity: 'AuthSession',
      after: { ip: '10.0.0.9' },
    });
    expect(only((await audited(() => endSession(login.value))).events, 'auth.logout', user.id).entity).toBe(
      'AuthSession',
    );

    const token = await audited(() => createApiToken({ userId: user.id, name: '导入脚本' }));
    expect(only(token.events, 'token.create', user.id)).toMatchObject({
      entity: 'ApiToken',
      entityId: token.value.id,
      after: { name: '导入脚本' },
    });
    expect(JSON.stringify(token.events)).not.toContain(token.value.token);
    const revoke = only((await audited(() => revokeApiToken(actor, token.value.id))).events, 'token.revoke');
    expect(revoke).toMatchObject({ before: { revokedAt: null }, after: { name: '导入脚本' } });
  });
});

describe('rounds, schemes, import and eligibility', () => {
  let roundId: string;

  it('round create copies the scheme (two events); update and rubric edits carry before and after', async () => {
    const created = await audited(() =>
      createRound(
        createRoundSchema.parse({
          presetId: 'sichuan-2025-recognition',
          name: '审计覆盖测试 认定',
          year: 2026,
          window: '2025-01-01至2025-12-31',
        }),
        actor,
      ),
    );
    roundId = created.value.id;
    expect(created.events.map((e) => e.action)).toEqual(['scheme.copy', 'round.create']);
    expect(created.events[1]).toMatchObject({ entity: 'Round', entityId: roundId, actorId: actor });

    const update = only(
      (await audited(() => updateRound(roundId, { batch: 2 }, actor))).events,
      'round.update',
    );
    expect(update.before).toMatchObject({ batch: null });
    expect(update.after).toMatchObject({ batch: 2 });

    const round = (await getRound(roundId))!;
    const rubric = round.scheme.definition.scheme.rubric;
    const edited = await audited(() =>
      updateRoundRubric(
        roundId,
        { ...rubric, criteria: [...rubric.criteria].reverse() } as RubricInput,
        round.scheme.version,
        actor,
      ),
    );
    const event = only(edited.events, 'scheme.rubric.update');
    expect(event).toMatchObject({ entity: 'Scheme', entityId: round.scheme.id });
    expect(event.before.version).toBe(round.scheme.version);
    expect(event.after.version).toBe(round.scheme.version + 1);
  });

  it('an import lists every organisation and platform it creates or changes, and the round state change', async () => {
    const rows = applicationRows(2);
    const first = await audited(() =>
      commitItemsImport(roundId, filledWorkbook('application', rows), '申报书.xlsx', actor),
    );
    expect(first.value).toMatchObject({ ok: true, created: 2 });
    expect(first.events.map((e) => e.action)).toEqual(['round.state', 'import.commit']);
    expect(first.events[0]).toMatchObject({
      entity: 'Round',
      entityId: roundId,
      before: { state: 'draft' },
      after: { state: 'reviewing' },
    });
    const commit = first.events[1];
    expect(commit).toMatchObject({ entity: 'ImportBatch', actorId: actor });
    expect(commit.after.items).toHaveLength(2);
    expect(commit.after.organisations.created.map((o: { uscc: string }) => o.uscc)).toEqual([
      usccFor(1),
      usccFor(2),
    ]);
    expect(commit.after.platforms.created).toHaveLength(2);

    // A second round: the same units, one renamed and with other service fields.
    const other = await createRound(
      createRoundSchema.parse({
        presetId: 'sichuan-2025-recognition',
        name: '审计覆盖测试 认定二',
        year: 2026,
        window: '2025-01-01至2025-12-31',
      }),
      actor,
    );
    const org = await prisma.organisation.findUniqueOrThrow({ where: { uscc: usccFor(1) } });
    const platform = await prisma.platform.findFirstOrThrow({ where: { organisationId: org.id } });
    const renamed = applicationRows(2);
    renamed.基本信息[0] = {
      ...renamed.基本信息[0],
      name: '四川示例检测技术股份有限公司',
      platformName: platform.name,
      serviceFields: ['钢铁', '有色'],
    };
    const second = await audited(() =>
      commitItemsImport(other.id, filledWorkbook('application', renamed), '申报书.xlsx', actor),
    );
    expect(second.value).toMatchObject({ ok: true, created: 2 });
    const after = second.events.find((e) => e.action === 'import.commit')!.after;
    expect(after.organisations.created).toEqual([]);
    expect(after.organisations.renamed).toEqual([
      {
        id: org.id,
        uscc: usccFor(1),
        before: { name: org.name },
        after: { name: '四川示例检测技术股份有限公司' },
      },
    ]);
    expect(after.platforms.created).toEqual([]);
    expect(after.platforms.updated).toEqual([
      {
        id: platform.id,
        before: {
          category: platform.category,
          fields: JSON.parse(platform.fields),
          scopes: JSON.parse(platform.scopes),
        },
        after: expect.objectContaining({ fields: ['钢铁', '有色'] }),
      },
    ]);
  });

  it('an eligibility decision records the decision before and after; starting scoring freezes the scheme', async () => {
    const item = await prisma.item.findFirstOrThrow({ where: { roundId }, select: { id: true } });
    const decided = await audited(() =>
      decideEligibility(roundId, item.id, { decision: 'excluded', reason: '资料不全' }, actor, new Date()),
    );
    expect(only(decided.events, 'item.eligibility.decide')).toMatchObject({
      entity: 'Item',
      entityId: item.id,
      before: { decision: 'pending' },
      after: { decision: 'excluded', reason: '资料不全' },
    });

    // Scoring starts only once every item is decided (round.server.ts startScoring).
    await prisma.item.updateMany({
      where: { roundId, eligibilityDecision: 'pending' },
      data: { eligibilityDecision: 'admitted' },
    });
    const started = await audited(() => startScoring(roundId, actor, new Date()));
    expect(started.events.map((e) => e.action)).toEqual(['scheme.freeze', 'round.state']);
    expect(started.events[0].before).toEqual({ frozenAt: null });
    expect(started.events[0].after.frozenAt).toEqual(expect.any(String));
    expect(started.events[1]).toMatchObject({ before: { state: 'reviewing' }, after: { state: 'scoring' } });
  });
});

describe('experts, panels and assignments', () => {
  const experts: string[] = [];
  let roundId: string;
  let panelId: string;
  const items: string[] = [];

  it('expert create, update and workbook import', async () => {
    for (let k = 0; k < 7; k++) {
      const made = await audited(() =>
        createExpert(actor, {
          code: `AUD-${k}`,
          name: `审计专家${k}`,
          organisationName: `审计大学${k}`,
          title: '教授',
          fields: ['检测'],
          region: '四川省成都市',
          active: true,
          conflicts: [],
        }),
      );
      if (!made.value.ok) throw new Error(JSON.stringify(made.value.problems));
      experts.push(made.value.value.id);
      expect(only(made.events, 'expert.create')).toMatchObject({
        entity: 'Expert',
        before: null,
        after: { code: `AUD-${k}` },
      });
    }
    const updated = await audited(() =>
      updateExpert(actor, experts[0], {
        code: 'AUD-0',
        name: '审计专家0',
        organisationName: '审计研究院',
        title: '教授',
        fields: ['检测'],
        region: '四川省成都市',
        active: true,
        conflicts: [],
      }),
    );
    const update = only(updated.events, 'expert.update');
    expect(update.before).toMatchObject({ organisationName: '审计大学0' });
    expect(update.after).toMatchObject({ organisationName: '审计研究院' });

    const file = await expertWorkbook(true);
    const imported = await audited(() => importExperts(actor, file, '专家.xlsx', { commit: true }));
    expect(imported.value.ok).toBe(true);
    expect(imported.events.map((e) => e.action)).toEqual([
      ...experts.map(() => 'expert.import.update'),
      'expert.import',
    ]);
    expect(imported.events.every((e) => e.actorId === actor)).toBe(true);
    expect(imported.events.slice(0, -1).every((e) => e.before !== null && e.after !== null)).toBe(true);
  });

  it('panel create, draw, resize, redraw, chair, replace; assign, unassign and auto-assign', async () => {
    roundId = (
      await createRound(
        createRoundSchema.parse({ presetId: 'sichuan-2025-annual', name: '审计覆盖测试 年度', year: 2026 }),
        actor,
      )
    ).id;
    for (let k = 0; k < 3; k++) {
      const org = await makeOrganisation(`审计检测所${k}`, k + 1);
      items.push((await makeItem(roundId, org.id, `审计检测平台${k}`, '检测')).id);
    }
    const created = await audited(() =>
      createPanel(actor, roundId, { name: '审计组', fieldGroup: '检测', size: 3 }),
    );
    if (!created.value?.ok) throw new Error('panel not created');
    panelId = created.value.value.id;
    expect(only(created.events, 'panel.create')).toMatchObject({
      entity: 'Panel',
      entityId: panelId,
      after: { size: 3 },
    });

    const draw = (seed: string) =>
      audited(() =>
        drawPanelExperts(actor, panelId, {
          seed,
          backups: 1,
          chair: { kind: 'first_drawn' },
          excludeConflicted: false,
        }),
      );
    const first = only((await draw('a1')).events, 'panel.draw');
    // The panel changed from 组建中 without members to drawn: that is the `before`.
    expect(first.before).toEqual({ state: 'draft', seed: null, members: [] });
    expect(first.after).toMatchObject({ seed: 'a1' });

    const resized = only((await audited(() => updatePanelSize(actor, panelId, 4))).events, 'panel.resize');
    expect(resized.before).toMatchObject({ size: 3, state: 'drawn', drawSeed: 'a1' });
    expect(resized.before.members).toHaveLength(4);
    expect(resized.after).toEqual({ size: 4, state: 'draft' });

    only((await draw('b1')).events, 'panel.draw');
    const redraw = only((await draw('b2')).events, 'panel.redraw');
    expect(redraw.before).toMatchObject({ state: 'drawn', seed: 'b1' });
    expect(redraw.before.members).toHaveLength(5);

    const panel = (await getPanel(panelId))!;
    const members = panel.members.filter((m) => m.status === 'drawn' && m.role !== 'backup');
    const newChair = members.find((m) => m.role !== 'chair')!.expertId;
    const chair = only((await audited(() => setPanelChair(actor, panelId, newChair))).events, 'panel.chair');
    expect(chair.after).toEqual({ chairId: newChair });
    expect(chair.before.chairId).toEqual(expect.any(String));

    const assigned = await audited(() => assignItems(actor, panelId, [items[0]]));
    expect(only(assigned.events, 'assignment.create')).toMatchObject({
      entity: 'Assignment',
      after: { panelId, itemId: items[0] },
    });

    const out = members.find((m) => m.expertId !== newChair)!.expertId;
    const replaced = await audited(() =>
      replacePanelExpert(actor, panelId, { expertId: out, reason: '因病不能参加' }),
    );
    expect(replaced.value?.ok).toBe(true);
    const replace = only(replaced.events, 'panel.replace');
    expect(replace.before.members).toContain(out);
    expect(replace.after.replacement).toMatchObject({ out, reason: '因病不能参加' });

    const removed = await audited(() => unassignItem(actor, panelId, items[0]));
    expect(only(removed.events, 'assignment.delete')).toMatchObject({
      before: { panelId, itemId: items[0] },
      after: null,
    });

    const auto = await audited(() => autoAssign(actor, roundId));
    expect(auto.value?.ok).toBe(true);
    expect(auto.events.map((e) => e.action)).toEqual(items.map(() => 'assignment.auto'));
    expect(auto.events.map((e) => e.after.itemId).sort()).toEqual([...items].sort());
  });

  it('a conflict declared after assignment: the expert update and one recusal event per item', async () => {
    const member = (await getPanel(panelId))!.members.find(
      (m) => m.status === 'drawn' && m.role !== 'backup',
    )!;
    const current = (await getExpert(member.expertId))!;
    const updated = await audited(() =>
      updateExpert(actor, member.expertId, {
        code: current.code!,
        name: current.name,
        organisationName: current.organisationName,
        title: current.title,
        fields: current.fields,
        region: current.region,
        active: current.active,
        conflicts: [{ kind: 'relative', organisationName: '审计检测所0' }],
      }),
    );
    expect(updated.value?.ok).toBe(true);
    expect(updated.events.map((e) => e.action)).toEqual(['expert.update', 'assignment.recuse']);
    expect(updated.events[1]).toMatchObject({
      entity: 'Assignment',
      actorId: actor,
      after: { expertId: member.expertId, itemId: items[0], panelId },
    });
  });

  it('an expert account: the user and the link; the first password change by the person', async () => {
    const made = await audited(() => createExpertAccounts(actor, [experts[0]]));
    if (!made.value.ok) throw new Error('account not created');
    const [account] = made.value.value;
    expect(made.events.map((e) => e.action)).toEqual(['user.create', 'expert.account.link']);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: account.username } });
    expect(made.events[0]).toMatchObject({
      entity: 'User',
      entityId: user.id,
      after: { username: account.username, roles: ['expert'], mustChangePassword: true },
    });
    expect(made.events[1]).toMatchObject({
      entity: 'Expert',
      entityId: experts[0],
      before: { userId: null },
      after: { userId: user.id },
    });
    const changed = await audited(() => changeOwnPassword(user.id, account.password!, 'Own-pass-2026', null));
    expect(only(changed.events, 'user.password.change', user.id)).toMatchObject({
      entity: 'User',
      entityId: user.id,
      after: { passwordChanged: true, mustChangePassword: false },
    });
  });
});
