// Panel size (专家组人数): 5, 7 or 9 as usual; another size is allowed with a warning that is shown when
// the panel is created or resized and kept on the panel while the size is unusual.
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { createPanel, drawPanelExperts, getPanel, updatePanelSize } from '#app/models/panel.server';
import { prisma } from '#app/utils/db.server';
import { ACTOR, makeExpert, makeItem, makeOrganisation, makeRound } from './fixtures';

let roundId: string;
const UNUSUAL_6 = '专家组人数为6人，通常为5、7或9人';

beforeAll(async () => {
  roundId = (await makeRound()).id;
  for (let i = 0; i < 12; i++) await makeExpert(`DZ${String(i).padStart(2, '0')}`, ['电子信息']);
});

describe('panel size warning', () => {
  it('is kept on the panel from creation while the size is unusual', async () => {
    const usual = await createPanel(ACTOR, roundId, { name: '五人组', fieldGroup: '电子信息', size: 5 });
    expect(usual).toMatchObject({ ok: true, value: { size: 5, sizeWarning: null } });
    const odd = await createPanel(ACTOR, roundId, { name: '六人组', fieldGroup: '电子信息', size: 6 });
    expect(odd).toMatchObject({ ok: true, value: { size: 6, sizeWarning: UNUSUAL_6 } });
    if (!odd?.ok) throw new Error('panel not created');
    expect((await getPanel(odd.value.id))?.sizeWarning).toBe(UNUSUAL_6);
  });

  it('changes the size with the warning, audited; a drawn panel goes back to be drawn again', async () => {
    const created = await createPanel(ACTOR, roundId, { name: '调整组', fieldGroup: '电子信息', size: 5 });
    if (!created?.ok) throw new Error('panel not created');
    const id = created.value.id;
    const drawn = await drawPanelExperts(ACTOR, id, {
      seed: 's',
      backups: 1,
      chair: { kind: 'first_drawn' },
      excludeConflicted: false,
    });
    if (!drawn?.ok) throw new Error(JSON.stringify(drawn));

    const resized = await updatePanelSize(ACTOR, id, 6);
    expect(resized).toMatchObject({
      ok: true,
      value: {
        panel: { size: 6, sizeWarning: UNUSUAL_6, state: 'draft', drawSeed: null, members: [] },
        drawCleared: true,
      },
    });
    expect(resized?.ok && resized.value.warnings).toEqual([{ code: 'unusual_size', message: UNUSUAL_6 }]);
    const event = await prisma.auditEvent.findFirst({ where: { entityId: id, action: 'panel.resize' } });
    expect(JSON.parse(event?.before ?? '{}')).toMatchObject({ size: 5, drawSeed: 's' });
    expect(JSON.parse(event?.after ?? '{}')).toMatchObject({ size: 6 });

    const back = await updatePanelSize(ACTOR, id, 7);
    expect(back).toMatchObject({
      ok: true,
      value: { panel: { size: 7, sizeWarning: null }, warnings: [], drawCleared: false },
    });
  });

  it('refuses a size below the quorum set on the panel, or once items are assigned, writing nothing', async () => {
    const created = await createPanel(ACTOR, roundId, {
      name: '法定人数组',
      fieldGroup: '电子信息',
      size: 7,
      quorum: 5,
    });
    if (!created?.ok) throw new Error('panel not created');
    const id = created.value.id;
    expect(await updatePanelSize(ACTOR, id, 4)).toEqual({
      ok: false,
      problems: [
        { code: 'quorum_above_size', message: '专家组人数4人少于本组法定人数5人，请先调整法定人数' },
      ],
    });

    const org = await makeOrganisation('电子信息测试单位');
    const item = await makeItem(roundId, org.id, '电子信息测试平台', '电子信息');
    await prisma.assignment.create({ data: { panelId: id, itemId: item.id, order: 0 } });
    expect(await updatePanelSize(ACTOR, id, 9)).toEqual({
      ok: false,
      problems: [
        {
          code: 'panel_has_assignments',
          message: '专家组「法定人数组」已分配评审对象，不能再修改人数',
        },
      ],
    });
    expect((await getPanel(id))?.size).toBe(7);
    expect(await updatePanelSize(ACTOR, 'no-such-panel', 5)).toBeNull();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
