// The results page follows its round (or the chair's panel) live: every result.updated and every
// resynchronisation revalidates the loaders (the table and the open matrices), and the badge shows
// the connection's state.
import { LiveStatus } from '#app/components/live-status';
import { useLive } from '#app/components/use-live';
import type { Room } from '#app/realtime/events';

export function ResultsLive({ room, version }: { room: Room; version: number }) {
  const live = useLive({ rooms: [room], since: version });
  return <LiveStatus live={live} />;
}
