/* global crypto, navigator, window */
import { ApiError, callApi } from '../assets/api.js';
import { statusText } from '../assets/case-words.js';
import { detailFieldsOf, isSubmittable } from '../assets/case-types.js';
import { refusalReason } from '../assets/refusals.js';
import { byId, el, setTextWithDates, showAlert } from '../assets/dom.js';
import { formatDue } from '../assets/format.js';
import { language, onLanguageChange, pick } from '../assets/i18n.js';
import { appointmentText } from './appointment.js';
import { mountBooking } from './booking.js';
import { downloadCaseDocument } from './documents.js';
import { estimateText } from './estimate.js';

// The same rules as the API's Applicant schema, checked here first so the citizen reads why in their language.
const FIELD_RULES = {
  fullName: { pattern: /^[\s\S]{2,200}$/, error: 'errFullName', required: true },
  nationalId: { pattern: /^[A-Za-z]{1,2}[0-9]{1,8}$/, error: 'errNationalId', required: true },
  phone: { pattern: /^\+?[0-9][0-9 .-]{6,18}[0-9]$/, error: 'errPhone', required: true },
  email: { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, error: 'errEmail', required: false },
};

/**
 * A fresh Idempotency-Key for one filled-in form: a second click, or a retry after the network
 * failed mid-way, sends the same key and the API answers with the same case instead of a second one.
 * crypto.randomUUID exists only on https and localhost; getRandomValues serves plain-http intranets.
 */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `form-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The "Faire une demande" form: catalogue, the details the service's case type asks for, applicant, submission and the receipt. */
export function mountRequestForm({ t, onFollow }) {
  const form = byId('request-form');
  const entitySelect = byId('entity');
  const serviceSelect = byId('service');
  const serviceInfo = byId('service-info');
  const alert = byId('request-alert');
  const submitButton = byId('submit-request');
  const receiptSection = byId('receipt');

  const noticeLanguage = byId('noticeLanguage');
  const contactEmail = byId('contactEmail');
  const contactSms = byId('contactSms');
  // Until the citizen picks otherwise, messages come in the page's language, and by e-mail once an address is typed.
  let languagePicked = false;
  let emailChoiceTouched = false;

  let services = [];
  let idempotencyKey = newIdempotencyKey();
  let receipt = null;
  let sending = false;
  const booking = mountBooking({ t });

  function renderEntities() {
    const chosen = entitySelect.value;
    const entities = [...new Map(services.map((s) => [s.entity.code, s.entity])).values()];
    entitySelect.replaceChildren(...entities.map((e) => el('option', { text: e.name, attrs: { value: e.code } })));
    if (entities.some((e) => e.code === chosen)) entitySelect.value = chosen;
    renderServices();
  }

  function renderServices() {
    const chosen = serviceSelect.value;
    const offered = services.filter((s) => s.entity.code === entitySelect.value);
    serviceSelect.replaceChildren(
      ...offered.map((s) => el('option', { text: pick(s.names), attrs: { value: s.id } })),
    );
    if (offered.some((s) => s.id === chosen)) serviceSelect.value = chosen;
    renderServiceInfo();
  }

  /** What the chosen service's case type asks for (a subject, a kind…), drawn from its definition. */
  function renderDetailFields() {
    const service = services.find((s) => s.id === serviceSelect.value);
    const container = byId('details-fields');
    const kept = Object.fromEntries([...container.querySelectorAll('[data-detail]')].map((input) => [input.dataset.detail, input.type === 'checkbox' ? input.checked : input.value]));
    const fields = service ? ownDetailFields(service) : [];
    container.replaceChildren(
      ...fields.map((field) => {
        const id = `detail-${field.name}`;
        const attrs = { id, 'data-detail': field.name, 'aria-describedby': `${id}-error`, ...(field.maxLength ? { maxlength: String(field.maxLength) } : {}) };
        let input;
        if (field.kind === 'choice') input = el('select', { attrs }, [el('option', { text: '—', attrs: { value: '' } }), ...field.choices.map((c) => el('option', { text: c.label, attrs: { value: c.value } }))]);
        else if (field.kind === 'yes_no') input = el('input', { attrs: { ...attrs, type: 'checkbox' } });
        else if (field.kind === 'long_text') input = el('textarea', { attrs: { ...attrs, rows: '4', dir: 'auto' } });
        else input = el('input', { attrs: { ...attrs, dir: 'auto' } });
        if (field.required) input.required = true;
        if (field.name in kept) {
          if (field.kind === 'yes_no') input.checked = kept[field.name];
          else input.value = kept[field.name];
        }
        const label = el('label', { text: field.label, attrs: { for: id } });
        const error = el('p', { className: 'field-error', attrs: { id: `${id}-error` } });
        error.hidden = true;
        return el('div', { className: field.kind === 'yes_no' ? 'field checkbox' : 'field' }, field.kind === 'yes_no' ? [input, label, error] : [label, input, error]);
      }),
    );
  }

  /** The details the form asks for itself: a slot and how the meeting is held are the booking part's. */
  function ownDetailFields(service) {
    return detailFieldsOf(service.caseType).filter((field) => !booking.handles(service.caseType, field.name));
  }

  /** The details as the case type declares them (and the seat held), or the first field to correct after marking the required ones left empty. */
  function readDetails() {
    const service = services.find((s) => s.id === serviceSelect.value);
    const details = {};
    let firstInvalid = null;
    for (const field of service ? ownDetailFields(service) : []) {
      const input = byId(`detail-${field.name}`);
      const error = byId(`detail-${field.name}-error`);
      const value = field.kind === 'yes_no' ? input.checked : input.value.trim();
      const missing = field.required && (value === '' || value === false);
      input.setAttribute('aria-invalid', String(missing));
      error.textContent = missing ? t('errDetail', { field: field.label }) : '';
      error.hidden = !missing;
      if (missing) firstInvalid ??= input;
      else if (field.kind === 'yes_no' ? value : value !== '') details[field.name] = value;
    }
    const seat = booking.read();
    firstInvalid ??= seat.firstInvalid ?? null;
    return firstInvalid ? { firstInvalid } : { details: { ...details, ...seat.details }, holdToken: seat.holdToken };
  }

  function renderServiceInfo() {
    const service = services.find((s) => s.id === serviceSelect.value);
    renderDetailFields();
    booking.select(service);
    if (!service) {
      serviceInfo.replaceChildren();
      return;
    }
    const text = pick(service.descriptions);
    const description = text ? [el('span', { text, attrs: { dir: 'auto' } }), ' '] : [];
    // Law 55-19: only the documents the published procedure lists may be asked for; the citizen sees them before filing.
    const documents = service.requiredDocuments.length
      ? [' ', el('span', { text: `${t('requiredDocuments')} ${service.requiredDocuments.map(pick).join(' · ')}`, attrs: { id: 'required-documents' } })]
      : [];
    serviceInfo.replaceChildren(...description, el('span', { text: t('legalTime', { time: pick(service.legalTime) }) }), ...documents);
  }

  async function loadServices() {
    serviceInfo.textContent = t('loading');
    try {
      services = (await callApi('/api/v1/services')).items.filter((s) => isSubmittable(s.caseType));
      renderEntities();
    } catch (err) {
      serviceInfo.textContent = '';
      showAlert(alert, errorText(err));
    }
  }

  function errorText(err) {
    if (err instanceof ApiError && err.status !== 0) return t('apiError', { message: refusalReason(err) });
    return t('unreachable');
  }

  function setFieldError(name, key) {
    const input = byId(name);
    const message = byId(`${name}-error`);
    input.setAttribute('aria-invalid', String(Boolean(key)));
    message.textContent = key ? t(key) : '';
    message.hidden = !key;
  }

  /** The applicant as the API expects it, or null after marking the fields that need correcting. */
  function readApplicant() {
    const applicant = {};
    let firstInvalid = null;
    for (const [name, rule] of Object.entries(FIELD_RULES)) {
      const value = byId(name).value.trim();
      const invalid = value ? !rule.pattern.test(value) : rule.required;
      setFieldError(name, invalid ? rule.error : null);
      if (invalid) firstInvalid ??= byId(name);
      else if (value) applicant[name] = name === 'nationalId' ? value.toUpperCase() : value;
    }
    applicant.language = noticeLanguage.value;
    applicant.contactBy = [...(contactEmail.checked && applicant.email ? ['email'] : []), ...(contactSms.checked ? ['sms'] : [])];
    const noService = !serviceSelect.value;
    setFieldError('service', noService ? 'errService' : null);
    if (noService) firstInvalid ??= serviceSelect;
    const read = readDetails();
    if (read.firstInvalid) firstInvalid ??= read.firstInvalid;
    if (firstInvalid) {
      showAlert(alert, t('fixErrors'));
      firstInvalid.focus();
      return null;
    }
    return { applicant, details: read.details, holdToken: read.holdToken };
  }

  async function submit(event) {
    event.preventDefault();
    if (sending) return;
    showAlert(alert, '');
    const filled = readApplicant();
    if (!filled) return;
    const { applicant, details, holdToken } = filled;
    sending = true;
    submitButton.disabled = true;
    submitButton.textContent = t('submitting');
    try {
      // The receipt names no case type: it is the chosen service's, which says how to read its status and facts.
      const caseType = services.find((s) => s.id === serviceSelect.value)?.caseType;
      receipt = await callApi('/api/v1/cases', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: { serviceId: serviceSelect.value, applicant, ...(Object.keys(details).length > 0 ? { details } : {}), ...(holdToken ? { holdToken } : {}) },
      });
      receipt.caseType = caseType;
      booking.booked();
      renderReceipt();
      form.hidden = true;
      receiptSection.hidden = false;
      byId('receipt-heading').focus();
    } catch (err) {
      // A refusal created nothing: the corrected form is a new request. After a network failure the
      // outcome is unknown, so the retry keeps its key and cannot create a second case.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) idempotencyKey = newIdempotencyKey();
      if (err instanceof ApiError && err.code === 'slot_full') booking.refused(err);
      showAlert(alert, errorText(err));
    } finally {
      sending = false;
      submitButton.disabled = false;
      submitButton.textContent = t('submit');
    }
  }

  function renderReceipt() {
    if (!receipt) return;
    byId('receipt-tracking-code').textContent = receipt.trackingCode;
    byId('receipt-access-token').textContent = receipt.accessToken;
    byId('receipt-status').textContent = pick(receipt.step) || statusText(receipt.status, 'citizen', receipt.caseType);
    byId('receipt-due').textContent = receipt.dueAt ? formatDue(receipt.dueAt, receipt.explanation) : t('noDue');
    byId('receipt-estimate').textContent = estimateText(receipt.estimate, receipt.explanation, t);
    const appointment = appointmentText(receipt.facts, receipt.caseType);
    byId('receipt-appointment-row').hidden = !appointment;
    byId('receipt-appointment').textContent = appointment;
    setTextWithDates(byId('receipt-explanation'), pick(receipt.explanation?.text));
  }

  function startOver() {
    receipt = null;
    idempotencyKey = newIdempotencyKey();
    for (const name of Object.keys(FIELD_RULES)) byId(name).value = '';
    resetContactChoice();
    for (const input of byId('details-fields').querySelectorAll('[data-detail]')) {
      if (input.type === 'checkbox') input.checked = false;
      else input.value = '';
    }
    booking.reset();
    receiptSection.hidden = true;
    form.hidden = false;
    byId('request-heading').focus();
  }

  /** The e-mail choice is offered only with an address, checked when one is typed unless the citizen unchecked it. */
  function renderEmailChoice() {
    const hasEmail = byId('email').value.trim() !== '';
    contactEmail.disabled = !hasEmail;
    if (!hasEmail) contactEmail.checked = false;
    else if (!emailChoiceTouched) contactEmail.checked = true;
  }

  function resetContactChoice() {
    languagePicked = false;
    emailChoiceTouched = false;
    noticeLanguage.value = language();
    contactSms.checked = true;
    renderEmailChoice();
  }

  byId('email').addEventListener('input', renderEmailChoice);
  contactEmail.addEventListener('change', () => (emailChoiceTouched = true));
  noticeLanguage.addEventListener('change', () => (languagePicked = true));
  resetContactChoice();
  form.addEventListener('submit', submit);
  entitySelect.addEventListener('change', renderServices);
  serviceSelect.addEventListener('change', renderServiceInfo);
  byId('new-request').addEventListener('click', startOver);
  byId('copy-access').addEventListener('click', async () => {
    const state = byId('copy-state');
    try {
      await navigator.clipboard.writeText(`${t('trackingCode')}: ${receipt.trackingCode}\n${t('accessToken')}: ${receipt.accessToken}`);
      state.textContent = t('codesCopied');
    } catch {
      state.textContent = t('copyFailed');
    }
  });
  byId('print-receipt').addEventListener('click', () => window.print());
  byId('download-receipt').addEventListener('click', async () => {
    try {
      await downloadCaseDocument(receipt, 'receipt.pdf', 'recepisse');
    } catch (err) {
      showAlert(alert, errorText(err));
    }
  });
  byId('follow-receipt').addEventListener('click', () => onFollow({ trackingCode: receipt.trackingCode, accessToken: receipt.accessToken }));
  onLanguageChange(() => {
    if (!languagePicked) noticeLanguage.value = language();
    renderServices();
    renderReceipt();
    for (const name of [...Object.keys(FIELD_RULES), 'service']) {
      const message = byId(`${name}-error`);
      if (!message.hidden) setFieldError(name, FIELD_RULES[name]?.error ?? 'errService');
    }
    if (!submitButton.disabled) submitButton.textContent = t('submit');
  });
  loadServices();
}
