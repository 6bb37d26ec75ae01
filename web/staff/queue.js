/* global URLSearchParams */
import { ALL_STATUSES, slaText, statusText } from '../assets/case-words.js';
import { byId, el } from '../assets/dom.js';
import { formatMoment, formatShortDay } from '../assets/format.js';
import { pick } from '../assets/i18n.js';

const DAY_MS = 24 * 60 * 60 * 1000;
import { onLanguageChange } from '../assets/i18n.js';
import { listLoader } from './list-loader.js';

/** The entity's work queue, filtered by status and assignee; a row opens its case. */
export function mountQueue({ t, session, describeError, onOpen }) {
  const statusSelect = byId('filter-status');
  const assigneeSelect = byId('filter-assignee');
  const rows = byId('queue-rows');
  const alert = byId('queue-alert');
  const empty = byId('queue-empty');

  let items = [];
  let openCaseId = null;

  function renderStatusOptions() {
    const chosen = statusSelect.value;
    statusSelect.replaceChildren(
      el('option', { text: t('statusOpen'), attrs: { value: '' } }),
      ...ALL_STATUSES.map((status) => el('option', { text: statusText(status, 'staff'), attrs: { value: status } })),
    );
    statusSelect.value = chosen;
  }

  /** The day a case falls due; the hour too when that is less than a day away (or past). */
  function dueText(dueAt) {
    if (!dueAt) return t('noDue');
    return Date.parse(dueAt) - Date.now() < DAY_MS ? formatMoment(dueAt) : formatShortDay(dueAt);
  }

  function assigneeText(assigneeId) {
    if (!assigneeId) return t('nobody');
    return assigneeId === session.user?.id ? t('me') : t('someoneElse');
  }

  function render() {
    rows.replaceChildren(
      ...items.map((item) => {
        const open = el('button', {
          className: 'button link code',
          text: item.trackingCode,
          attrs: { type: 'button', 'aria-label': t('openCase', { code: item.trackingCode }) },
        });
        open.addEventListener('click', () => onOpen(item.caseId));
        const sla = el('span', { className: 'sla', text: slaText(item.slaState), attrs: { 'data-state': item.slaState } });
        return el('tr', { attrs: { 'data-case-id': item.caseId, 'aria-current': String(item.caseId === openCaseId) } }, [
          el('td', {}, [open]),
          el('td', { text: pick(item.service.names) || item.service.name }),
          el('td', {}, [statusText(item.status, 'staff', item.caseType), ...(item.attention ? [el('br'), el('span', { className: 'sla', text: t('needsAttention'), attrs: { 'data-state': 'breached' } })] : [])]),
          el('td', {}, [dueText(item.dueAt), el('br'), sla]),
          el('td', { text: assigneeText(item.assigneeId) }),
        ]);
      }),
    );
    empty.hidden = items.length > 0;
  }

  const load = listLoader({
    request: () => {
      // The API's largest page: the entity's whole backlog, oldest due first, in most offices.
      const query = new URLSearchParams({ limit: '200' });
      if (statusSelect.value) query.set('status', statusSelect.value);
      if (assigneeSelect.value) query.set('assignee', assigneeSelect.value);
      return session.call(`/api/v1/queue?${query}`);
    },
    alert,
    describeError,
    onItems: (answer) => {
      items = answer;
      render();
    },
  });

  byId('queue-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  statusSelect.addEventListener('change', load);
  assigneeSelect.addEventListener('change', load);
  onLanguageChange(() => {
    renderStatusOptions();
    render();
  });
  renderStatusOptions();

  return {
    load,
    /** Marks the row of the case shown beside the queue. */
    highlight(caseId) {
      openCaseId = caseId;
      render();
    },
  };
}
