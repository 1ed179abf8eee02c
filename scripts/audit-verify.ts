// `npm run audit:verify`: recomputes the audit hash chain; exit 0 when intact, 1 when broken, 2 when
// the database cannot be read.
import { verifyAuditChain } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';

try {
  const result = await verifyAuditChain();
  if (result.ok) {
    console.log(`审计链完整：共 ${result.count} 条记录 (audit chain intact: ${result.count} events)`);
  } else {
    console.log(
      `审计链已损坏 (audit chain BROKEN) 于第 ${result.brokenAt.seq} 条记录 (id ${result.brokenAt.id})：${result.reason}`,
    );
    process.exitCode = 1;
  }
} catch (err) {
  console.log(
    `无法读取审计日志 (cannot read the audit trail): ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exitCode = 2;
} finally {
  await prisma.$disconnect();
}
