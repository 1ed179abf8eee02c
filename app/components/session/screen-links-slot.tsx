// The console's panel for big-screen links (大屏链接). H-SCREEN owns the component that creates and
// revokes them (app/components/session/screen-links.tsx); until it is merged this slot says so.
import Card from '#antd/card';
import Typography from '#antd/typography';

export function ScreenLinksSlot({ sessionId }: { sessionId: string }) {
  return (
    <Card title="大屏链接" data-testid="screen-links-slot" data-session-id={sessionId}>
      {/* SLOT: H-SCREEN's <ScreenLinks sessionId=… /> mounts here once screen-links.tsx exists. */}
      <Typography.Text type="secondary">大屏链接功能尚未接入。</Typography.Text>
    </Card>
  );
}
