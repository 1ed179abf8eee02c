// 开始专家评审 over HTTP (POST /api/v1/rounds/:roundId/start-scoring) and sheets for a round already in
// scoring (a member seated late).
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { syncRoundSheets } from '#app/models/sheet.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { makeItem, makeOrganisation } from '#tests/integration/panels/fixtures';
import { makeScoringRound } from './fixtures';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

describe('POST /api/v1/rounds/:roundId/start-scoring', () => {
  it('is for the agency; refuses with the problems (409); starts with a sheet per seated, not recused member × item', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 4, items: 2 }], start: false });
    const [p] = r.panels;
    // One conflicted member (AssignmentRecusal) gets no sheet for that item.
    const assignment = await prisma.assignment.findFirstOrThrow({ where: { itemId: r.items[0].id } });
    await prisma.assignmentRecusal.create({
      data: { assignmentId: assignment.id, expertId: p.experts[3].id, reason: '曾在该单位任职' },
    });
    // A pending item blocks the start.
    const unit = await makeOrganisation('待定单位');
    const pending = await makeItem(r.roundId, unit.id, '待定平台', '组1', 'pending');
    const url = `/api/v1/rounds/${r.roundId}/start-scoring`;
    const expert = await login(server, 'expert');
    expect((await request(server, url, { cookie: expert, json: {} })).status).toBe(403);
    const agency = await login(server, 'agency');
    const refused = await request(server, url, { cookie: agency, json: {} });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: string; problems: string[] };
    expect(body.problems[0]).toContain('待定平台');
    expect(await prisma.scoreSheet.count({ where: { roundId: r.roundId } })).toBe(0);

    await prisma.item.update({ where: { id: pending.id }, data: { eligibilityDecision: 'excluded' } });
    const started = await request(server, url, { cookie: agency, json: {} });
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({ state: 'scoring', sheets: 7 });
    expect(
      await prisma.scoreSheet.count({ where: { itemId: r.items[0].id, expertId: p.experts[3].id } }),
    ).toBe(0);
    const results = await prisma.result.findMany({
      where: { roundId: r.roundId },
      orderBy: { expected: 'asc' },
    });
    expect(results.map((x) => x.expected)).toEqual([3, 4]);
    // Again: a no-op.
    const again = await request(server, url, { cookie: agency, json: {} });
    expect(again.status).toBe(200);
    expect(await prisma.scoreSheet.count({ where: { roundId: r.roundId } })).toBe(7);
  });

  it('gives a member seated after the start their sheets, audited, and recomputes expected counts', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 2 }] });
    const late = await prisma.expert.create({
      data: { name: '后补专家', organisationName: '某大学', title: '教授', region: '四川省成都市' },
    });
    await prisma.panelMember.create({
      data: { panelId: r.panels[0].id, expertId: late.id, role: 'member', drawOrder: 9 },
    });
    expect(await syncRoundSheets(r.roundId, r.agency.id)).toEqual({ created: 2 });
    expect(await prisma.scoreSheet.count({ where: { expertId: late.id, state: 'draft' } })).toBe(2);
    const rows = await prisma.result.findMany({ where: { roundId: r.roundId } });
    expect(rows.every((x) => x.expected === 4)).toBe(true);
    expect(await prisma.auditEvent.count({ where: { action: 'sheet.create', entityId: r.roundId } })).toBe(1);
    expect(await syncRoundSheets(r.roundId, r.agency.id)).toEqual({ created: 0 });
  });
});
