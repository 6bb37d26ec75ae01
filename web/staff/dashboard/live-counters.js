/* global setInterval, clearInterval */
import { latestOnly, webSocketUrl } from '../../assets/api.js';
import { byId } from '../../assets/dom.js';
import { formatTimeWithSeconds } from '../../assets/format.js';
import { openLiveChannel } from '../../assets/live.js';
import { LIVE_FILTER_NAMES, queryOf } from './filters.js';
import { formatCount } from './numbers.js';

/** Events come in bursts (a step writes several): the counters are read once per burst. */
const DEBOUNCE_MS = 500;
/** Administrators belong to no entity and have no staff channel: their counters are read on this period. */
const ADMIN_POLL_MS = 30_000;
const LIVE_TEXT = { connecting: 'liveConnecting', live: 'liveOn', reconnecting: 'liveReconnecting', polling: 'livePolling', closed: null };

/**
 * Backlog, at risk and breached now, moving without reload: every event of the entity's staff
 * channel (GET /api/v1/live) asks GET /api/v1/stats/live again for the chosen filters.
 */
export function mountLiveCounters({ t, session, showFailure }) {
  const counters = { backlog: byId('live-backlog'), atRisk: byId('live-at-risk'), breached: byId('live-breached') };
  const updated = byId('live-updated');
  const indicator = byId('live-state');
  let filters = {};
  let latest = null;
  let state = 'closed';
  let channel = null;
  let timer = null;
  let poll = null;

  function render() {
    // Only a figure that changed is rewritten: screen readers announce the counters' region on every change.
    const write = (node, text) => {
      if (node.textContent !== text) node.textContent = text;
    };
    for (const [key, node] of Object.entries(counters)) {
      write(node, latest ? formatCount(latest[key]) : '—');
      node.dataset.value = latest ? String(latest[key]) : '';
    }
    updated.textContent = latest ? t('liveUpdatedAt', { time: formatTimeWithSeconds(latest.at) }) : t('liveNotYet');
    updated.dataset.at = latest?.at ?? '';
    const key = LIVE_TEXT[state];
    indicator.textContent = key ? t(key) : '';
    indicator.dataset.state = state;
  }

  const read = latestOnly(
    () => session.call(`/api/v1/stats/live?${queryOf(filters, LIVE_FILTER_NAMES)}`),
    (answer) => {
      latest = answer;
      render();
    },
  );

  async function refresh() {
    try {
      await read();
    } catch (err) {
      showFailure(err);
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  }

  function setState(next) {
    state = next;
    render();
  }

  return {
    start({ admin }) {
      this.stop();
      if (admin) {
        poll = setInterval(refresh, ADMIN_POLL_MS);
        setState('polling');
        return;
      }
      channel = openLiveChannel({
        urlFor: (after) => webSocketUrl('/api/v1/live', { token: session.token, after }),
        // `ready` counts too: what happened between the first reading and the channel opening is in no event it replays
        onMessage: (message) => {
          if (message.type === 'event' || message.type === 'ready' || message.type === 'resync') soon();
        },
        onEnded: (reason) => session.expire(reason),
        onState: setState,
      });
    },
    stop() {
      channel?.close();
      channel = null;
      clearInterval(poll);
      poll = null;
      clearTimeout(timer);
      setState('closed');
    },
    /** New filters: the counters are read for them at once. */
    setFilters(next) {
      filters = next;
      latest = null;
      render();
      refresh();
    },
    render,
  };
}
