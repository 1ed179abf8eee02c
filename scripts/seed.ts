// `npm run db:seed`: loads the presets and, on an empty database, the demo dataset; prints the demo
// accounts. Run `npm run db:migrate` first.
import { prisma } from '#app/utils/db.server';
import { DEMO_PASSWORD, seedDatabase } from '#seeds/load.server';

try {
  const result = await seedDatabase(prisma);
  const presets = [...result.presets.created, ...result.presets.updated];
  console.log(presets.length > 0 ? `已载入政策预设：${presets.join('、')}` : '政策预设已是最新');
  console.log(result.created ? '已写入演示数据。' : '数据库已有用户，跳过演示数据。');
  if (result.accounts.length > 0) {
    console.log(`演示账号（初始密码 ${DEMO_PASSWORD}）：`);
    for (const a of result.accounts)
      console.log(`  ${a.username.padEnd(8)} ${a.displayName} — ${a.description}`);
  }
} catch (err) {
  console.log(`写入初始数据失败 (seeding failed): ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
