// Load-balancer health check: 200 when the database answers, 503 otherwise. Public, no session.
import { prisma } from '#app/utils/db.server';

export async function loader() {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ status: 'ok', database: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json(
      { status: 'error', database: 'unreachable', error: '数据库无法连接' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
