import type { WebSocket } from 'ws';
import type { CaseEventView } from '../../domain/cases/case-event.js';
import type { CaseEventFeed, FeedTopic } from './case-event-feed.js';

export interface EventStreamOptions {
  feed: CaseEventFeed;
  topic: FeedTopic;
  /** events are sent only after this id */
  after: bigint;
  /** the stored events of the topic after an id, oldest first */
  replay(after: bigint): Promise<CaseEventView[]>;
  /** what this audience sees of an event */
  present?: (event: CaseEventView) => CaseEventView;
}

/**
 * Sends a topic's events over a socket, each once and in id order: subscribes first and buffers,
 * replays what the database holds after `after`, then flushes the buffer and goes live.
 */
export async function streamEvents(socket: WebSocket, options: EventStreamOptions): Promise<void> {
  let last = options.after;
  let replaying = true;
  const buffered: CaseEventView[] = [];
  const send = (event: CaseEventView) => {
    const id = BigInt(event.id);
    if (id <= last) return;
    last = id;
    socket.send(JSON.stringify({ type: 'event', event: options.present ? options.present(event) : event }));
  };
  const unsubscribe = options.feed.subscribe(options.topic, (event) => (replaying ? buffered.push(event) : send(event)));
  socket.on('close', unsubscribe);
  // The client may have gone while the caller was still reading: its close event has passed already.
  if (socket.readyState !== socket.OPEN) {
    unsubscribe();
    return;
  }
  for (const event of await options.replay(options.after)) send(event);
  for (const event of buffered) send(event);
  replaying = false;
}
