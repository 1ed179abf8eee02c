// The banner on an expert's tablet while the panel's defence session runs:
// 答辩会进行中：当前项目 X · 陈述 12:03 · 评分未开放/已开放 · 未签到（请到组长处签到）.
// The countdown is the server's time corrected by the client's offset (Countdown).
import { Link } from '@remix-run/react';
import Alert from '#antd/alert';
import type { SessionSnapshot } from '#app/realtime/events';
import { Countdown } from './countdown';
import { PHASE_LABELS } from './labels';

export function SessionBanner({
  snapshot,
  offsetMs,
  expertId,
  sheetHref,
}: {
  snapshot: SessionSnapshot | null;
  offsetMs: number;
  expertId: string | null;
  /** The current item's sheet, when the page is not already on it. */
  sheetHref?: string | null;
}) {
  if (!snapshot || snapshot.state === 'scheduled') return null;
  if (snapshot.state === 'closed')
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="session-banner"
        message="答辩会已结束"
      />
    );
  const checkedIn = expertId !== null && Object.hasOwn(snapshot.checkIns, expertId);
  return (
    <Alert
      type={checkedIn ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 12, fontSize: 16 }}
      data-testid="session-banner"
      data-item-id={snapshot.currentItemId ?? ''}
      data-scoring={snapshot.scoringOpen ? 'open' : 'closed'}
      data-checked-in={checkedIn ? 'true' : 'false'}
      message={
        <span>
          <strong>{snapshot.state === 'paused' ? '答辩会已暂停' : '答辩会进行中'}</strong>
          ：当前项目 <span data-testid="banner-item">{snapshot.currentItemName ?? '尚未叫号'}</span>
          {snapshot.phase ? (
            <>
              {' · '}
              {PHASE_LABELS[snapshot.phase]}{' '}
              <Countdown snapshot={snapshot} offsetMs={offsetMs} fontSize={18} testId="banner-countdown" />
            </>
          ) : null}
          {' · '}
          <span data-testid="banner-scoring">{snapshot.scoringOpen ? '评分已开放' : '评分未开放'}</span>
          {' · '}
          {checkedIn ? (
            <span data-testid="banner-checkin">已签到</span>
          ) : (
            <span data-testid="banner-checkin" style={{ color: '#b45309', fontWeight: 600 }}>
              未签到（请到组长处签到）
            </span>
          )}
          {sheetHref ? (
            <>
              {' · '}
              <Link to={sheetHref} data-testid="banner-sheet-link">
                前往当前评分表
              </Link>
            </>
          ) : null}
        </span>
      }
    />
  );
}
