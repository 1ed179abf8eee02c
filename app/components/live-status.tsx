// The live badge beside a page title: 实时更新中 / 连接中断，正在重连… / 正在重新同步… (connected,
// waiting for the snapshot after a reconnect or a gap) / 已重新同步 (for a few seconds after). Before the first connection (and on the
// server) it shows 正在连接…, so the server's HTML and the first browser render agree.
import { Badge } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { LiveState } from './use-live';

type Phase = 'connecting' | 'live' | 'down' | 'syncing' | 'resynced';

const TEXT: Record<Phase, string> = {
  connecting: '正在连接…',
  live: '实时更新中',
  down: '连接中断，正在重连…',
  syncing: '正在重新同步…',
  resynced: '已重新同步',
};
const STATUS = {
  connecting: 'default',
  live: 'processing',
  down: 'error',
  syncing: 'warning',
  resynced: 'success',
} as const;

const RESYNCED_MS = 4_000;

export function LiveStatus({ live }: { live: LiveState }) {
  const [phase, setPhase] = useState<Phase>('connecting');
  const wasDown = useRef(false);
  const healthy = live.connected && !live.stale;

  useEffect(() => {
    if (!healthy) {
      if (live.connected || live.stale) {
        // Lost the connection after having it, or connected again and waiting for the snapshot.
        wasDown.current = true;
        setPhase(live.connected ? 'syncing' : 'down');
      }
      return;
    }
    if (!wasDown.current) {
      setPhase('live');
      return;
    }
    wasDown.current = false;
    setPhase('resynced');
    const timer = setTimeout(() => setPhase('live'), RESYNCED_MS);
    return () => clearTimeout(timer);
  }, [healthy, live.connected, live.stale]);

  return <Badge status={STATUS[phase]} text={TEXT[phase]} data-live={phase} />;
}
