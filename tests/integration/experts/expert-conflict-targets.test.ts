// Declared conflicts with a specific platform or item (其他利益冲突 naming a 平台 or 评审对象): shown
// with their names, added and removed through the expert model, refused when the target is unknown.
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conflictTargetOptions,
  createExpert,
  getExpert,
  toExpertFacts,
  updateExpert,
} from '#app/models/expert.server';
import { prisma } from '#app/utils/db.server';
import { expertInputSchema } from '#app/utils/expert-schema';
import { ACTOR, makeItem, makeOrganisation, makeRound } from '../panels/fixtures';

let platformId: string;
let itemId: string;
let roundName: string;

beforeAll(async () => {
  const round = await makeRound('2026年度四川省平台年度评价（回避测试）');
  roundName = round.name;
  const org = await makeOrganisation('四川省示例检测研究院');
  const item = await makeItem(round.id, org.id, '四川省示例检验检测服务平台', '检验检测');
  itemId = item.id;
  platformId = item.platformId;
});

const expert = (conflicts: unknown[]) =>
  expertInputSchema.parse({
    code: 'HY01',
    name: '高海燕',
    organisationName: '四川大学',
    title: '教授',
    fields: ['检验检测'],
    region: '四川省成都市',
    conflicts,
  });

describe('declared conflicts with a platform or an item', () => {
  it('are stored, read back with the platform and item names, and reach the recusal facts', async () => {
    const created = await createExpert(
      ACTOR,
      expert([
        { kind: 'declared', platformId, note: '曾为该平台提供咨询' },
        { kind: 'declared', itemId },
      ]),
    );
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    const read = await getExpert(created.value.id);
    expect(read?.conflicts).toEqual([
      expect.objectContaining({
        platformId,
        platformName: '四川省示例检验检测服务平台',
        itemId: null,
        itemName: null,
      }),
      expect.objectContaining({
        itemId,
        itemName: `四川省示例检验检测服务平台（${roundName}）`,
        platformId: null,
        platformName: null,
      }),
    ]);
    expect(toExpertFacts(read!).declaredConflicts).toEqual([
      { kind: 'platform', platformId, note: '曾为该平台提供咨询' },
      { kind: 'item', itemId, note: undefined },
    ]);
  });

  it('are removed by saving the expert without them, audited', async () => {
    const id = (await prisma.expert.findUniqueOrThrow({ where: { code: 'HY01' } })).id;
    const updated = await updateExpert(ACTOR, id, expert([{ kind: 'declared', itemId }]));
    expect(updated?.ok && updated.value.conflicts.map((c) => c.itemId)).toEqual([itemId]);
    const event = await prisma.auditEvent.findFirst({
      where: { entityId: id, action: 'expert.update' },
      orderBy: { seq: 'desc' },
    });
    expect(JSON.parse(event?.before ?? '{}').conflicts).toHaveLength(2);
    expect(JSON.parse(event?.after ?? '{}').conflicts).toHaveLength(1);
  });

  it('refuses an unknown platform or item, naming the row, and writes nothing', async () => {
    const id = (await prisma.expert.findUniqueOrThrow({ where: { code: 'HY01' } })).id;
    const before = await prisma.auditEvent.count();
    const result = await updateExpert(
      ACTOR,
      id,
      expert([
        { kind: 'declared', itemId },
        { kind: 'declared', platformId: 'no-such-platform' },
        { kind: 'declared', itemId: 'no-such-item' },
      ]),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'conflict_platform_unknown',
          message: '所选平台不存在',
          column: 'conflicts.1.platformId',
        },
        {
          code: 'conflict_item_unknown',
          message: '所选评审对象不存在',
          column: 'conflicts.2.itemId',
        },
      ],
    });
    expect(await prisma.auditEvent.count()).toBe(before);
    expect((await getExpert(id))?.conflicts).toHaveLength(1);
  });

  it('offers the platforms and items to choose from, by name', async () => {
    const options = await conflictTargetOptions();
    expect(options.platforms).toContainEqual({ value: platformId, label: '四川省示例检验检测服务平台' });
    expect(options.items).toContainEqual({
      value: itemId,
      label: `四川省示例检验检测服务平台（${roundName}）`,
    });
  });
});
