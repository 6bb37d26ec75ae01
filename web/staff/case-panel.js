/* global document */
import { latestOnly } from '../assets/api.js';
import { slaText, statusText } from '../assets/case-words.js';
import { actionOf } from '../assets/case-types.js';
import { byId, el, renderTimeline, setTextWithCode, setTextWithDates, showAlert } from '../assets/dom.js';
import { formatDay, formatDue } from '../assets/format.js';
import { onLanguageChange, pick } from '../assets/i18n.js';

/** One case of the entity: its facts, the applicant, the steps the agent can take now, its timeline. */
export function mountCasePanel({ t, session, describeError, onChanged, openAlert }) {
  const alert = byId('case-alert');
  const notice = byId('case-notice');
  const stepText = byId('step-text');
  let current = null;
  let busy = false;

  function assigneeText(assigneeId) {
    if (!assigneeId) return t('nobody');
    return assigneeId === session.user?.id ? t('me') : t('someoneElse');
  }

  function render() {
    const open = current !== null;
    byId('case-placeholder').hidden = open;
    byId('case-body').hidden = !open;
    if (!open) {
      byId('case-heading').textContent = t('noCase');
      return;
    }
    setTextWithCode(byId('case-heading'), t('caseHeading', { code: '{code}' }), current.trackingCode);
    byId('case-service').textContent = current.service.name;
    byId('case-status').textContent = pick(current.step) || statusText(current.status, 'staff');
    const sla = byId('case-sla');
    sla.textContent = slaText(current.sla.state);
    sla.dataset.state = current.sla.state;
    byId('case-due').textContent = current.dueAt
      ? formatDue(current.dueAt, current.explanation)
      : current.sla.state === 'paused'
        ? t('dueSuspended')
        : t('noDue');
    byId('case-assignee').textContent = assigneeText(current.assigneeId);
    byId('case-submitted').textContent = formatDay(current.submittedAt);
    byId('applicant-name').textContent = current.applicant.fullName ?? '';
    byId('applicant-cin').textContent = current.applicant.nationalId ?? '';
    byId('applicant-phone').textContent = current.applicant.phone ?? '';
    byId('applicant-email').textContent = current.applicant.email ?? '—';
    setTextWithDates(byId('case-explanation'), pick(current.explanation?.text));

    // Every step as its case type declares it: a button, with the fields its payload schema names beside it.
    const steps = current.availableActions.map((action) => {
      const step = actionOf(current.caseType, action);
      const button = el('button', {
        className: `button${step.tone ? ` ${step.tone}` : ''}`,
        text: step.label,
        attrs: { type: 'button', 'data-action': action },
      });
      button.disabled = busy;
      button.addEventListener('click', () => takeStep(action));
      const fields = step.fields.map((field) => fieldInput(action, field));
      return fields.length > 0 ? el('div', { className: 'step-with-fields' }, [...fields, button]) : button;
    });
    byId('step-buttons').replaceChildren(...steps);
    byId('no-steps').hidden = steps.length > 0;
    renderTimeline(byId('timeline'), current.timeline, { staffNames: true, caseType: current.caseType });
  }

  /** One field of a step (a legal ground, a rating, an entity code), labelled by its choices or its name. */
  function fieldInput(action, field) {
    const id = `field-${action}-${field.name}`;
    const input =
      field.kind === 'choice'
        ? el('select', { attrs: { id } }, [el('option', { text: '—', attrs: { value: '' } }), ...field.choices.map((c) => el('option', { text: c.label, attrs: { value: c.value } }))])
        : el('input', { attrs: { id, type: field.kind === 'number' ? 'number' : 'text', ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}) } });
    return el('label', { className: 'step-field' }, [t(`field_${field.name}`) === `field_${field.name}` ? field.name : t(`field_${field.name}`), input]);
  }

  const load = latestOnly(
    (caseId) => session.call(`/api/v1/cases/by-id/${encodeURIComponent(caseId)}`),
    (answer) => {
      current = answer;
      render();
    },
  );

  /** One step at a time: the buttons stay disabled until the answer to the step in progress is in. */
  function setBusy(value) {
    busy = value;
    for (const button of document.querySelectorAll('#step-buttons button')) button.disabled = value;
  }

  async function send(action, body) {
    if (busy) return null;
    setBusy(true);
    showAlert(alert, '');
    showAlert(notice, '');
    try {
      const result = await session.call(`/api/v1/cases/${encodeURIComponent(current.caseId)}/actions/${action}`, { method: 'POST', body });
      await load(current.caseId);
      onChanged();
      return result;
    } catch (err) {
      showAlert(alert, describeError(err));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function takeStep(action) {
    const step = actionOf(current.caseType, action);
    const text = stepText.value.trim();
    if (step.textRequired && !text) {
      showAlert(alert, t(step.text === 'message' ? 'needsMessage' : 'needsReason'));
      stepText.focus();
      return;
    }
    const body = step.text && text ? { [step.text]: text } : {};
    for (const field of step.fields) {
      const input = byId(`field-${action}-${field.name}`);
      const value = input?.value.trim() ?? '';
      if (!value) {
        if (field.required) {
          showAlert(alert, t('needsField'));
          input?.focus();
          return;
        }
        continue;
      }
      body[field.name] = field.kind === 'number' ? Number(value) : value;
    }
    const result = await send(action, body);
    if (result) {
      // The text was used by this step, unless the agent has meanwhile typed something else.
      if (step.text && stepText.value.trim() === text) stepText.value = '';
      showAlert(notice, t('stepDone', { status: pick(result.step) || statusText(result.status, 'staff', current.caseType) }));
    }
  }

  onLanguageChange(() => {
    // A confirmation is read once, in the language it was given in; the facts are re-rendered.
    showAlert(notice, '');
    render();
  });
  render();

  return {
    get caseId() {
      return current?.caseId ?? null;
    },
    /** Opens a case picked in the queue; a failure is shown at `openAlert`, beside what was clicked. */
    async open(caseId) {
      showAlert(alert, '');
      showAlert(notice, '');
      showAlert(openAlert, '');
      stepText.value = '';
      try {
        await load(caseId);
        byId('case-heading').focus();
      } catch (err) {
        showAlert(openAlert, describeError(err));
      }
    },
    /** Re-reads the open case after someone else changed it. */
    async refresh() {
      if (!current) return;
      try {
        await load(current.caseId);
      } catch (err) {
        showAlert(alert, describeError(err));
      }
    },
    clear() {
      current = null;
      render();
    },
  };
}
