/* global WebSocket */

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

/**
 * A live channel of the API that survives drops: it remembers the id of the last event it
 * received and reconnects with `after` set to it, waiting longer after each failed attempt
 * (1 s doubling to 30 s, with jitter so that a restarted server is not hit by everyone at once).
 *
 * `urlFor(after)` builds the address; `onMessage` gets every parsed message; `onState` is told
 * 'connecting', 'live', 'reconnecting' or 'closed'. A close with an application code (4000–4999:
 * the access ended) is final: no reconnection, `onEnded(reason)` instead.
 */
export function openLiveChannel({ urlFor, after = null, onMessage, onState, onEnded = () => {} }) {
  let lastEventId = after;
  let socket = null;
  let retryTimer = null;
  let failures = 0;
  let stopped = false;

  // The cursor moves only with what was received: `ready` names the newest id before the missed
  // events are replayed, so it may start the cursor (first connection) but never move it on.
  // `resync` tells the page to reload, after which the newest id is the right place to resume.
  function remember(message) {
    const id =
      message.type === 'event'
        ? message.event?.id
        : message.type === 'snapshot'
          ? message.case?.lastEventId
          : message.type === 'resync' || (message.type === 'ready' && lastEventId === null)
            ? message.lastEventId
            : undefined;
    if (typeof id === 'string' && (lastEventId === null || BigInt(id) > BigInt(lastEventId))) lastEventId = id;
  }

  function connect() {
    onState(failures === 0 ? 'connecting' : 'reconnecting');
    socket = new WebSocket(urlFor(lastEventId));
    socket.addEventListener('open', () => {
      failures = 0;
      onState('live');
    });
    socket.addEventListener('message', (frame) => {
      let message;
      try {
        message = JSON.parse(frame.data);
      } catch {
        return;
      }
      remember(message);
      onMessage(message);
    });
    socket.addEventListener('close', (event) => {
      socket = null;
      if (stopped) return;
      if (event.code >= 4000 && event.code < 5000) {
        stopped = true;
        onState('closed');
        onEnded(event.reason);
        return;
      }
      const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
      failures += 1;
      onState('reconnecting');
      retryTimer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    });
  }

  connect();
  return {
    get lastEventId() {
      return lastEventId;
    },
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      socket?.close();
      onState('closed');
    },
  };
}
