// The console's panel for big-screen links (大屏链接): H-SCREEN's component (screen-links.tsx)
// creates, lists and revokes them through its JSON API.
import { ScreenLinksPanel } from './screen-links';

export function ScreenLinksSlot({ sessionId }: { sessionId: string }) {
  return (
    <div data-testid="screen-links-slot">
      <ScreenLinksPanel sessionId={sessionId} />
    </div>
  );
}
