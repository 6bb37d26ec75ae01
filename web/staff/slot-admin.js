/* global document */
import { byId, el, showAlert } from '../assets/dom.js';
import { pick } from '../assets/i18n.js';

/**
 * The administrator's slots of an office: weekly templates (a service, its advisor where it books
 * advisors, a weekday, hours, slot length, seats, pause) and exceptions (closures of a day or a time
 * range, extra openings). Each change republishes the office's slots; the page says what it did.
 */
export function mountSlotAdmin({ t, session, describeError }) {
  let offices = [];
  let rules = { services: [], advisors: [], items: [] };
  let exceptions = [];

  const officeId = () => byId('slot-office').value;
  const serviceName = (id) => (id ? pick(rules.services.find((s) => s.id === id)?.names) || id : t('allServices'));
  const advisorName = (id) => (id ? (rules.advisors.find((a) => a.id === id)?.displayName ?? id) : '—');
  const hours = (from, to) => (from ? `${from}–${to}` : t('wholeDay'));

  function option(value, text) {
    return el('option', { text, attrs: { value } });
  }

  function fillSelect(id, options) {
    const select = byId(id);
    const kept = select.value;
    select.replaceChildren(...options);
    if ([...select.options].some((o) => o.value === kept)) select.value = kept;
  }

  function removeButton(label, run) {
    const button = el('button', { className: 'button small', text: t('removeDay'), attrs: { type: 'button', 'aria-label': label } });
    button.addEventListener('click', run);
    return button;
  }

  function renderTemplates() {
    byId('template-rows').replaceChildren(
      ...rules.items.map((r) => {
        const day = t(`weekday${r.weekday}`);
        const label = t('removeTemplate', { service: serviceName(r.serviceId), day, hours: hours(r.startTime, r.endTime) });
        return el('tr', {}, [
          el('td', { text: serviceName(r.serviceId), attrs: { dir: 'auto' } }),
          el('td', { text: day }),
          el('td', { className: 'nowrap' }, [el('bdi', { text: hours(r.startTime, r.endTime), attrs: { dir: 'ltr' } })]),
          el('td', { text: t('minutes', { n: r.lengthMinutes }) + (r.bufferMinutes ? ` + ${t('minutes', { n: r.bufferMinutes })}` : '') }),
          el('td', { text: String(r.seats) }),
          el('td', { text: advisorName(r.advisorId) }),
          el('td', {}, [removeButton(label, () => change(() => session.call(`/api/v1/admin/slot-templates/${r.id}`, { method: 'DELETE' })))]),
        ]);
      }),
    );
    byId('templates-empty').hidden = rules.items.length > 0;
  }

  function renderExceptions() {
    byId('exception-rows').replaceChildren(
      ...exceptions.map((x) => {
        const kind = t(x.kind === 'closure' ? 'kindClosure' : 'kindOpening');
        const label = t('removeException', { kind, date: x.date });
        return el('tr', {}, [
          el('td', { className: 'nowrap' }, [el('bdi', { text: x.date, attrs: { dir: 'ltr' } })]),
          el('td', { text: kind }),
          el('td', { text: serviceName(x.serviceId), attrs: { dir: 'auto' } }),
          el('td', { className: 'nowrap' }, [el('bdi', { text: hours(x.startTime, x.endTime), attrs: { dir: 'ltr' } })]),
          el('td', { text: x.reason, attrs: { dir: 'auto' } }),
          el('td', {}, [removeButton(label, () => change(() => session.call(`/api/v1/admin/slot-exceptions/${x.id}`, { method: 'DELETE' })))]),
        ]);
      }),
    );
    byId('exceptions-empty').hidden = exceptions.length > 0;
  }

  function renderForms() {
    const services = rules.services.map((s) => option(s.id, pick(s.names)));
    const advisors = rules.advisors.map((a) => option(a.id, a.displayName));
    fillSelect('tpl-service', services);
    fillSelect('exc-service', [option('', t('allServices')), ...rules.services.map((s) => option(s.id, pick(s.names)))]);
    fillSelect('tpl-advisor', [option('', '—'), ...advisors]);
    fillSelect('exc-advisor', [option('', '—'), ...rules.advisors.map((a) => option(a.id, a.displayName))]);
    fillSelect('tpl-weekday', [1, 2, 3, 4, 5, 6, 7].map((d) => option(String(d), t(`weekday${d}`))));
    fillSelect('exc-kind', [option('closure', t('kindClosure')), option('opening', t('kindOpening'))]);
    showOpeningFields();
  }

  function render() {
    fillSelect('slot-office', offices.map((o) => option(o.id, `${o.name} (${o.entityCode})`)));
    renderForms();
    renderTemplates();
    renderExceptions();
  }

  async function loadRules() {
    if (!officeId()) return;
    try {
      const id = officeId();
      const [templates, list] = await Promise.all([
        session.call(`/api/v1/admin/offices/${id}/slot-templates`),
        session.call(`/api/v1/admin/offices/${id}/slot-exceptions`),
      ]);
      rules = templates;
      exceptions = list.items;
      showAlert(byId('slots-alert'), '');
      render();
    } catch (err) {
      showAlert(byId('slots-alert'), describeError(err));
    }
  }

  async function load() {
    try {
      offices = (await session.call('/api/v1/offices')).items;
      render();
      await loadRules();
    } catch (err) {
      showAlert(byId('slots-alert'), describeError(err));
    }
  }

  /** Runs an admin change and tells what it did to the published slots. */
  async function change(run, alertId = 'slots-alert') {
    showAlert(byId('slots-notice'), '');
    try {
      const { publication } = await run();
      showAlert(byId(alertId), '');
      showAlert(byId('slots-notice'), t('slotsPublished', publication));
      await loadRules();
      return true;
    } catch (err) {
      showAlert(byId(alertId), describeError(err));
      return false;
    }
  }

  const number = (id) => (byId(id).value === '' ? undefined : Number(byId(id).value));
  const text = (id) => byId(id).value.trim() || undefined;

  async function addTemplate(event) {
    event.preventDefault();
    const body = {
      serviceId: byId('tpl-service').value,
      advisorId: byId('tpl-advisor').value || null,
      weekday: Number(byId('tpl-weekday').value),
      startTime: byId('tpl-start').value,
      endTime: byId('tpl-end').value,
      lengthMinutes: number('tpl-length'),
      seats: number('tpl-seats'),
      bufferMinutes: number('tpl-buffer') ?? 0,
    };
    await change(() => session.call(`/api/v1/admin/offices/${officeId()}/slot-templates`, { method: 'POST', body }), 'template-alert');
  }

  const isOpening = () => byId('exc-kind').value === 'opening';

  function showOpeningFields() {
    for (const node of document.querySelectorAll('[data-opening-only]')) node.hidden = !isOpening();
  }

  async function addException(event) {
    event.preventDefault();
    const body = {
      date: byId('exc-date').value,
      kind: byId('exc-kind').value,
      serviceId: byId('exc-service').value || null,
      advisorId: byId('exc-advisor').value || null,
      startTime: text('exc-start'),
      endTime: text('exc-end'),
      reason: text('exc-reason'),
      ...(isOpening() ? { lengthMinutes: number('exc-length'), seats: number('exc-seats'), bufferMinutes: number('exc-buffer') ?? 0 } : {}),
    };
    if (!body.date) {
      showAlert(byId('exception-alert'), t('errExceptionDate'));
      return;
    }
    await change(() => session.call(`/api/v1/admin/offices/${officeId()}/slot-exceptions`, { method: 'POST', body }), 'exception-alert');
  }

  byId('slot-office').addEventListener('change', loadRules);
  byId('template-form').addEventListener('submit', addTemplate);
  byId('exception-form').addEventListener('submit', addException);
  byId('exc-kind').addEventListener('change', showOpeningFields);

  return { load, render };
}
