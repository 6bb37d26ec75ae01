import { byId, el, setTextWithDates, showAlert } from '../assets/dom.js';
import { formatMoment } from '../assets/format.js';
import { onLanguageChange, pick } from '../assets/i18n.js';
import { listLoader } from './list-loader.js';

/** What the agent is told (SLA warnings, breaches, escalations), newest first, each to be marked read. */
export function mountNotifications({ t, session, describeError, onOpen }) {
  const list = byId('notifications');
  const alert = byId('notifications-alert');
  const empty = byId('notifications-empty');
  const unreadOnly = byId('unread-only');
  let items = [];

  function render() {
    list.replaceChildren(
      ...items.map((n) => {
        const open = el('button', { className: 'button link code', text: n.trackingCode, attrs: { type: 'button', 'aria-label': t('openCase', { code: n.trackingCode }) } });
        open.addEventListener('click', () => onOpen(n.caseId));
        const message = el('span', { attrs: { dir: 'auto' } });
        setTextWithDates(message, pick(n.message));
        const text = el('p', {}, [message, ' ', el('time', { text: formatMoment(n.createdAt), attrs: { datetime: n.createdAt } })]);
        const actions = [open];
        if (!n.readAt) {
          const read = el('button', { className: 'button small', text: t('markRead'), attrs: { type: 'button' } });
          read.addEventListener('click', () => markRead(n.id));
          actions.push(read);
        }
        return el('li', { className: 'notification', attrs: { 'data-read': String(Boolean(n.readAt)), 'data-notification-id': n.id } }, [
          text,
          el('div', { className: 'actions' }, actions),
        ]);
      }),
    );
    empty.hidden = items.length > 0;
  }

  const load = listLoader({
    request: () => session.call(`/api/v1/notifications?limit=100${unreadOnly.checked ? '&unread=true' : ''}`),
    alert,
    describeError,
    onItems: (answer) => {
      items = answer;
      render();
    },
  });

  async function markRead(id) {
    try {
      await session.call(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: 'POST', body: {} });
      await load();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
  }

  unreadOnly.addEventListener('change', load);
  onLanguageChange(render);
  return { load };
}
