/* global document, URLSearchParams */
import { ApiError } from '../assets/api.js';
import { detailFieldsOf, bookingOf, staffStepsFor } from '../assets/case-types.js';
import { statusText } from '../assets/case-words.js';
import { byId, el, showAlert } from '../assets/dom.js';
import { legalToday } from '../assets/format.js';
import { onLanguageChange, pick } from '../assets/i18n.js';
import { readStep, stepControl } from '../assets/step-form.js';
import { listLoader } from './list-loader.js';

/** The status the system gives an appointment nobody came to: listed apart, as the day's absences. */
const NO_SHOW = 'no_show';

/**
 * An office's day of appointments for the staff who receive citizens: office (of the agent's
 * entity), day and advisor; each appointment with its time, citizen, service, modality, status and
 * the steps its definition lets staff take now; a check-in box a QR scanner can type into; the
 * day's no-shows.
 */
export function mountAgenda({ t, session, describeError, onOpen, onChanged }) {
  const officeSelect = byId('agenda-office');
  const dateInput = byId('agenda-date');
  const advisorSelect = byId('agenda-advisor');
  const alert = byId('agenda-alert');
  const notice = byId('agenda-notice');
  const text = byId('agenda-text');

  /** the offices of the agent's entity, read once per sign-in */
  let offices = null;
  let items = [];
  let busy = false;

  const advisorLabel = (item) => item.advisorName ?? t('noAdvisor');

  function modalityText(item) {
    const booking = bookingOf(item.caseType);
    const field = booking && detailFieldsOf(item.caseType).find((f) => f.name === booking.modalityField);
    return field?.choices.find((c) => c.value === item.modality)?.label ?? item.modality;
  }

  function renderAdvisors() {
    const kept = advisorSelect.value;
    const advisors = new Map(items.filter((i) => i.advisorId).map((i) => [i.advisorId, advisorLabel(i)]));
    advisorSelect.replaceChildren(el('option', { text: t('allAdvisors'), attrs: { value: '' } }), ...[...advisors].map(([id, name]) => el('option', { text: name, attrs: { value: id } })));
    advisorSelect.value = advisors.has(kept) ? kept : '';
    advisorSelect.disabled = advisors.size === 0;
  }

  function stepButtons(item) {
    return staffStepsFor(item.caseType, item.status, session.user?.role).map((action) => {
      const control = stepControl(item.caseType, action, { onTake: () => takeStep(item, action), disabled: busy });
      // Every row has the same buttons: each says whose appointment it acts on.
      const button = control.matches('button') ? control : control.querySelector('button');
      button.setAttribute('aria-label', `${button.textContent} — ${item.localStart} ${item.applicantName}`);
      return control;
    });
  }

  function row(item) {
    const open = el('button', { className: 'button link code', text: item.trackingCode, attrs: { type: 'button', 'aria-label': t('openCase', { code: item.trackingCode }) } });
    open.addEventListener('click', () => onOpen(item.caseId));
    const modality = [modalityText(item)];
    if (item.meetingUrl) modality.push(el('br'), el('a', { text: t('meetingLink'), attrs: { href: item.meetingUrl, target: '_blank', rel: 'noopener noreferrer' } }));
    return el('tr', { attrs: { 'data-case-id': item.caseId } }, [
      el('td', { className: 'nowrap' }, [el('bdi', { text: `${item.localStart}–${item.localEnd}`, attrs: { dir: 'ltr' } })]),
      el('td', {}, [el('span', { text: item.applicantName, attrs: { dir: 'auto' } }), el('br'), open]),
      el('td', { text: pick(item.service.names) }),
      el('td', {}, modality),
      el('td', { text: pick(item.step) || statusText(item.status, 'staff', item.caseType) }),
      el('td', {}, [el('div', { className: 'actions' }, stepButtons(item))]),
    ]);
  }

  function table(rows) {
    const headers = ['colTime', 'colCitizen', 'colService', 'colModality', 'colStatus', 'colSteps'].map((key) => el('th', { text: t(key), attrs: { scope: 'col' } }));
    return el('div', { className: 'table-wrap' }, [el('table', {}, [el('thead', {}, [el('tr', {}, headers)]), el('tbody', {}, rows)])]);
  }

  function render() {
    const shown = items.filter((i) => i.status !== NO_SHOW && (!advisorSelect.value || i.advisorId === advisorSelect.value));
    const byAdvisor = items.some((i) => i.advisorId);
    const groups = new Map();
    for (const item of shown) {
      const key = byAdvisor ? advisorLabel(item) : '';
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    byId('agenda-groups').replaceChildren(
      ...[...groups].map(([advisor, group]) =>
        el('section', { className: 'agenda-group' }, [...(advisor ? [el('h3', { text: advisor })] : []), table(group.map(row))]),
      ),
    );
    byId('agenda-empty').hidden = shown.length > 0;
    const absent = items.filter((i) => i.status === NO_SHOW);
    byId('noshow-list').replaceChildren(
      ...absent.map((i) => el('li', {}, [el('bdi', { text: i.localStart, attrs: { dir: 'ltr' } }), ` — ${i.applicantName} — ${pick(i.service.names)} — `, el('span', { className: 'code', text: i.trackingCode })])),
    );
    byId('noshow-empty').hidden = absent.length > 0;
  }

  const load = listLoader({
    request: () => {
      if (!officeSelect.value || !dateInput.value) return Promise.resolve({ items: [] });
      const query = new URLSearchParams({ officeId: officeSelect.value, date: dateInput.value });
      return session.call(`/api/v1/staff/agenda?${query}`);
    },
    alert,
    describeError,
    onItems: (answer) => {
      items = answer;
      renderAdvisors();
      render();
    },
  });

  function setBusy(value) {
    busy = value;
    for (const button of document.querySelectorAll('#agenda-groups button[data-action]')) button.disabled = value;
  }

  async function takeStep(item, action) {
    if (busy) return;
    showAlert(alert, '');
    showAlert(notice, '');
    const typed = text.value;
    const read = readStep(item.caseType, action, typed);
    if (read.missing) {
      showAlert(alert, t(read.text === 'message' ? 'needsMessage' : 'needsReason'));
      text.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await session.call(`/api/v1/cases/${encodeURIComponent(item.caseId)}/actions/${action}`, { method: 'POST', body: read.body });
      if (read.usedText && text.value === typed) text.value = '';
      showAlert(notice, t('agendaStepDone', { name: item.applicantName, status: pick(result.step) || statusText(result.status, 'staff', item.caseType) }));
    } catch (err) {
      showAlert(alert, describeError(err));
    } finally {
      setBusy(false);
      // The agenda (with the queue) is read again either way: a refusal often means someone else moved first.
      onChanged();
    }
  }

  async function checkIn(event) {
    event.preventDefault();
    const input = byId('checkin-code');
    const code = input.value.trim().toUpperCase();
    showAlert(byId('checkin-alert'), '');
    showAlert(byId('checkin-notice'), '');
    if (!code) {
      showAlert(byId('checkin-alert'), t('errCheckInCode'));
      input.focus();
      return;
    }
    try {
      const result = await session.call('/api/v1/staff/check-in', { method: 'POST', body: { code } });
      showAlert(byId('checkin-notice'), t('checkedIn', { code, status: pick(result.step) || statusText(result.status, 'staff') }));
      input.value = '';
      onChanged();
    } catch (err) {
      // Said plainly: a scan of something else, or a code of no appointment of this entity.
      const plain = { 400: 'errCheckInFormat', 404: 'errCheckInUnknown' }[err instanceof ApiError ? err.status : 0];
      showAlert(byId('checkin-alert'), plain ? t(plain, { code }) : describeError(err));
      input.select();
    }
    // Ready for the next citizen's code: a scanner types into the focused field.
    input.focus();
  }

  async function loadOffices() {
    try {
      offices = (await session.call('/api/v1/staff/offices')).items;
      officeSelect.replaceChildren(...offices.map((o) => el('option', { text: o.name, attrs: { value: o.id } })));
      if (offices.length === 0) showAlert(alert, t('noOffices'));
    } catch (err) {
      showAlert(alert, describeError(err));
    }
  }

  byId('agenda-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  officeSelect.addEventListener('change', load);
  dateInput.addEventListener('change', load);
  advisorSelect.addEventListener('change', render);
  byId('checkin-form').addEventListener('submit', checkIn);
  onLanguageChange(() => {
    showAlert(notice, '');
    renderAdvisors();
    render();
  });

  return {
    /** Reads the agent's offices once, then the day shown (today unless another was picked). */
    async load() {
      if (offices === null) await loadOffices();
      if (!dateInput.value) dateInput.value = legalToday();
      await load();
    },
    /** Forgets the agent's offices and day: the next agent may belong to another entity. */
    clear() {
      offices = null;
      items = [];
      officeSelect.replaceChildren();
      dateInput.value = '';
      render();
    },
  };
}
