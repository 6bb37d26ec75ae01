import { byId, el, showAlert } from '../assets/dom.js';
import { pick } from '../assets/i18n.js';
import { mountOfficeClosure } from './office-closure.js';
import { mountOpenDataImport } from './open-data-import.js';
import { mountSlotAdmin } from './slot-admin.js';

/**
 * The administrator's workspace: the catalogue of services (names in three languages, the main
 * clock's budget and legal basis, required documents, open or closed), the holiday calendar
 * (confirm, move, add, remove a day off), the offices' appointment slots (slot-admin.js) and their
 * closures for a day (office-closure.js). Everything else of a policy (warnings, escalation,
 * extension, silence) is kept as loaded and edited through the API.
 */
export function mountAdmin({ t, session, describeError }) {
  let services = [];
  let editing = null;

  const documentsText = (documents) => documents.map((d) => [d.fr, d.ar, d.en].join(' | ')).join('\n');
  function parseDocuments(text) {
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [fr = '', ar = fr, en = fr] = line.split('|').map((part) => part.trim());
        return { fr, ar: ar || fr, en: en || fr };
      });
  }

  function budgetText(policy) {
    const budget = policy?.budget;
    if (!budget) return '';
    return budget.unit === 'duration' ? budget.iso : `${budget.amount} ${t(budget.unit === 'working_days' ? 'unitWorkingDays' : 'unitCalendarDays')}`;
  }

  function renderServices() {
    byId('service-rows').replaceChildren(
      ...services.map((s) => {
        const edit = el('button', { className: 'button small', text: t('edit'), attrs: { type: 'button' } });
        edit.addEventListener('click', () => openForm(s));
        return el('tr', {}, [
          el('td', { text: s.entityCode, attrs: { dir: 'ltr' } }),
          el('td', {}, [el('span', { text: pick(s.names), attrs: { dir: 'auto' } }), el('br'), el('code', { text: s.code })]),
          el('td', { text: budgetText(Object.values(s.clocks)[0]) }),
          el('td', { text: s.active ? t('yes') : t('no') }),
          el('td', {}, [edit]),
        ]);
      }),
    );
  }

  async function loadServices() {
    try {
      services = (await session.call('/api/v1/admin/services')).items;
      showAlert(byId('services-alert'), '');
      renderServices();
    } catch (err) {
      showAlert(byId('services-alert'), describeError(err));
    }
  }

  function openForm(service) {
    editing = service;
    const policy = service ? Object.values(service.clocks)[0] : null;
    byId('service-form-heading').textContent = service ? t('editService', { code: service.code }) : t('newService');
    const values = {
      'svc-entity': service?.entityCode ?? '',
      'svc-code': service?.code ?? '',
      'svc-name-fr': service?.names.fr ?? '',
      'svc-name-ar': service?.names.ar ?? '',
      'svc-name-en': service?.names.en ?? '',
      'svc-desc-fr': service?.descriptions.fr ?? '',
      'svc-desc-ar': service?.descriptions.ar ?? '',
      'svc-desc-en': service?.descriptions.en ?? '',
      'svc-budget-unit': policy?.budget.unit === 'calendar_days' ? 'calendar_days' : 'working_days',
      'svc-budget-amount': policy?.budget.amount ?? '',
      'svc-legal-basis': policy?.legalBasis ?? '',
      'svc-documents': documentsText(service?.requiredDocuments ?? []),
    };
    for (const [id, value] of Object.entries(values)) byId(id).value = String(value);
    byId('svc-active').checked = service?.active ?? true;
    showAlert(byId('service-form-alert'), '');
    showAlert(byId('service-notice'), '');
    byId('service-form').hidden = false;
    byId('service-form-heading').focus();
  }

  async function saveService(event) {
    event.preventDefault();
    const previous = editing ? Object.values(editing.clocks)[0] : null;
    const clockName = editing ? Object.keys(editing.clocks)[0] : 'decision';
    const policy = {
      ...(previous ?? { warnAt: [0.5, 0.75, 0.9], escalation: [], extension: null, silence: 'none' }),
      budget: { unit: byId('svc-budget-unit').value, amount: Number(byId('svc-budget-amount').value) },
      legalBasis: byId('svc-legal-basis').value.trim(),
    };
    const body = {
      entityCode: byId('svc-entity').value.trim(),
      caseType: editing?.caseType ?? 'document_request',
      code: byId('svc-code').value.trim(),
      names: { fr: byId('svc-name-fr').value.trim(), ar: byId('svc-name-ar').value.trim(), en: byId('svc-name-en').value.trim() },
      descriptions: { fr: byId('svc-desc-fr').value.trim(), ar: byId('svc-desc-ar').value.trim(), en: byId('svc-desc-en').value.trim() },
      clocks: { [clockName]: policy },
      requiredDocuments: parseDocuments(byId('svc-documents').value),
      active: byId('svc-active').checked,
    };
    try {
      const path = editing ? `/api/v1/admin/services/${editing.id}` : '/api/v1/admin/services';
      await session.call(path, { method: editing ? 'PUT' : 'POST', body });
      byId('service-form').hidden = true;
      showAlert(byId('service-notice'), t('serviceSaved'));
      editing = null;
      await loadServices();
    } catch (err) {
      showAlert(byId('service-form-alert'), describeError(err));
    }
  }

  function calendarYears() {
    const now = new Date().getFullYear();
    return [now, now + 1];
  }

  async function loadHolidays() {
    const year = byId('calendar-year').value;
    try {
      const { holidays } = await session.call(`/api/v1/calendar/holidays?year=${year}`);
      byId('holiday-rows').replaceChildren(...holidays.map(holidayRow));
      showAlert(byId('calendar-alert'), '');
    } catch (err) {
      showAlert(byId('calendar-alert'), describeError(err));
    }
  }

  async function decide(run) {
    try {
      await run();
      showAlert(byId('calendar-notice'), t('calendarSaved'));
      await loadHolidays();
    } catch (err) {
      showAlert(byId('calendar-alert'), describeError(err));
    }
  }

  const setDay = (date, body) => session.call(`/api/v1/admin/calendar/holidays/${date}`, { method: 'PUT', body });

  function holidayRow(h) {
    const actions = [];
    if (h.status === 'provisional') {
      const confirm = el('button', { className: 'button small', text: t('confirmDay'), attrs: { type: 'button' } });
      confirm.addEventListener('click', () => decide(() => setDay(h.date, { name: h.names, kind: h.kind, status: 'confirmed', key: h.key })));
      actions.push(confirm);
    }
    const moveTo = el('input', { attrs: { type: 'date', 'aria-label': t('moveTo', { name: pick(h.names) }), dir: 'ltr' } });
    const move = el('button', { className: 'button small', text: t('moveDay'), attrs: { type: 'button' } });
    move.addEventListener('click', () => {
      if (moveTo.value) decide(() => setDay(moveTo.value, { name: h.names, kind: h.kind, status: 'confirmed', key: h.key }));
    });
    const remove = el('button', { className: 'button small', text: t('removeDay'), attrs: { type: 'button' } });
    remove.addEventListener('click', () => decide(() => session.call(`/api/v1/admin/calendar/holidays/${h.date}`, { method: 'DELETE' })));
    actions.push(moveTo, move, remove);
    return el('tr', {}, [
      el('td', { className: 'nowrap' }, [el('bdi', { text: h.date })]),
      el('td', { text: pick(h.names) }),
      el('td', { text: t(h.status === 'provisional' ? 'provisional' : 'confirmed') }),
      el('td', { className: 'actions' }, actions),
    ]);
  }

  async function addDayOff(event) {
    event.preventDefault();
    const date = byId('holiday-date').value;
    const name = { fr: byId('holiday-name-fr').value.trim(), ar: byId('holiday-name-ar').value.trim(), en: byId('holiday-name-en').value.trim() };
    if (!date) {
      showAlert(byId('calendar-alert'), t('errHolidayDate'));
      return;
    }
    await decide(() => setDay(date, { name, kind: 'one_off', status: 'confirmed' }));
  }

  byId('new-service').addEventListener('click', () => openForm(null));
  byId('service-cancel').addEventListener('click', () => {
    byId('service-form').hidden = true;
    editing = null;
  });
  byId('service-form').addEventListener('submit', saveService);
  byId('holiday-form').addEventListener('submit', addDayOff);
  byId('calendar-year').replaceChildren(...calendarYears().map((y) => el('option', { text: String(y), attrs: { value: String(y) } })));
  byId('calendar-year').addEventListener('change', loadHolidays);

  const slots = mountSlotAdmin({ t, session, describeError });
  mountOpenDataImport({ session });
  const slotOffice = byId('slot-office');
  mountOfficeClosure({
    t,
    session,
    describeError,
    office: () => ({ id: slotOffice.value, name: slotOffice.selectedOptions[0]?.textContent ?? '' }),
    // the closure is one of the office's exceptions from now on, and its slots are gone
    onClosed: () => slots.load(),
  });

  return {
    load() {
      loadServices();
      loadHolidays();
      slots.load();
    },
    render() {
      renderServices();
      loadHolidays();
      slots.render();
    },
  };
}
