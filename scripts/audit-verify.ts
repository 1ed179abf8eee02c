// `npm run audit:verify`: recomputes the keyed audit hash chain (decision 006); exit 0 when intact, 1
// when broken, 2 when the database or the audit key cannot be read.
// `npm run audit:verify -- --rekey`: once, after upgrading a database written before the audit key
// existed: verifies the old plain SHA-256 links, then re-keys the whole chain (audited).
import { auditChainHead, auditHeadLabel, rekeyAuditChain, verifyAuditChain } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';

try {
  if (process.argv.includes('--rekey')) {
    const rekey = await rekeyAuditChain();
    if (!rekey.ok) {
      console.log(
        `无法重新签名：审计链已损坏 (cannot re-key: chain BROKEN) 于第 ${rekey.brokenAt.seq} 条记录：${rekey.reason}`,
      );
      process.exitCode = 1;
    } else {
      console.log(`已用审计密钥重新签名 ${rekey.rekeyed} 条旧记录 (re-keyed ${rekey.rekeyed} legacy events)`);
    }
  }
  if (!process.exitCode) {
    const result = await verifyAuditChain();
    if (result.ok) {
      const head = auditHeadLabel(await auditChainHead());
      console.log(
        `审计链完整：共 ${result.count} 条记录，${head} (audit chain intact: ${result.count} events)`,
      );
    } else {
      console.log(
        `审计链已损坏 (audit chain BROKEN) 于第 ${result.brokenAt.seq} 条记录 (id ${result.brokenAt.id})：${result.reason}`,
      );
      process.exitCode = 1;
    }
  }
} catch (err) {
  console.log(
    `无法读取审计日志 (cannot read the audit trail): ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exitCode = 2;
} finally {
  await prisma.$disconnect();
}
