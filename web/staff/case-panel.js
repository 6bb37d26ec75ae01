/* global document */
import { latestOnly } from '../assets/api.js';
import { slaText, statusText } from '../assets/case-words.js';
import { readStep, replaceSteps, stepControl } from '../assets/step-form.js';
import { byId, el, renderTimeline, setTextWithCode, setTextWithDates, showAlert } from '../assets/dom.js';
import { formatDay, formatDue, formatMoment } from '../assets/format.js';
import { onLanguageChange, pick } from '../assets/i18n.js';

/** One case of the entity: its facts, the applicant, the steps the agent can take now, its timeline and the notices sent. */
export function mountCasePanel({ t, session, describeError, onChanged, openAlert }) {
  const alert = byId('case-alert');
  const notice = byId('case-notice');
  const stepText = byId('step-text');
  let current = null;
  /** the case's notices with their deliveries; null when they could not be read */
  let notices = [];
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
    byId('case-service').textContent = pick(current.service.names) || current.service.name;
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
    const attention = byId('case-attention');
    attention.hidden = !current.attention;
    attention.textContent = current.attention ? t('attentionText', { at: formatMoment(current.attention.since) }) : '';
    byId('case-submitted').textContent = formatDay(current.submittedAt);
    byId('applicant-name').textContent = current.applicant.fullName ?? '';
    byId('applicant-cin').textContent = current.applicant.nationalId ?? '';
    byId('applicant-phone').textContent = current.applicant.phone ?? '';
    byId('applicant-email').textContent = current.applicant.email ?? '—';
    setTextWithDates(byId('case-explanation'), pick(current.explanation?.text));

    // Every step as its case type declares it: a button, with the fields its payload schema names beside it.
    const steps = current.availableActions.map((action) => stepControl(current.caseType, action, { onTake: takeStep, disabled: busy }));
    replaceSteps(byId('step-buttons'), steps);
    byId('no-steps').hidden = steps.length > 0;
    renderTimeline(byId('timeline'), current.timeline, { staffNames: true, caseType: current.caseType });
    renderNotices();
  }

  /** "E-mail c***@exemple.test — envoyé le 2 mars 2026, 14:05 · 1 essai(s)", per delivery of each notice, newest notice first. */
  function deliveryText(delivery) {
    const state = t(`delivery_${delivery.state}`, { time: formatMoment(delivery.sentAt ?? delivery.nextAttemptAt ?? new Date().toISOString()) });
    const parts = [state, t('deliveryAttempts', { n: delivery.attempts })];
    if (delivery.lastError && delivery.state !== 'sent') parts.push(t('deliveryReason', { reason: delivery.lastError }));
    return `${t(`channel_${delivery.channel}`)} ${delivery.recipient ?? t('noAddress')} — ${parts.join(' · ')}`;
  }

  function renderNotices() {
    const empty = byId('no-notices');
    const items = [...(notices ?? [])].reverse().map((notice) =>
      el('li', { className: 'timeline-item', attrs: { 'data-notice-id': notice.id } }, [
        el('p', { className: 'timeline-title' }, [el('strong', { text: t(`audience_${notice.audience}`) })]),
        el('time', { text: formatMoment(notice.createdAt), attrs: { datetime: notice.createdAt } }),
        el('p', { className: 'timeline-detail', text: pick(notice.message), attrs: { dir: 'auto' } }),
        ...notice.deliveries.map((d) => el('p', { className: 'timeline-detail', text: deliveryText(d), attrs: { 'data-delivery-state': d.state } })),
      ]),
    );
    byId('case-notices').replaceChildren(...items);
    empty.textContent = notices === null ? t('noticesUnavailable') : t('noNotices');
    empty.hidden = items.length > 0;
  }

  const load = latestOnly(
    (caseId) => {
      const path = `/api/v1/cases/by-id/${encodeURIComponent(caseId)}`;
      // The deliveries are a side view: the case opens even when they cannot be read.
      return Promise.all([session.call(path), session.call(`${path}/notices`).then((answer) => answer.items, () => null)]);
    },
    ([answer, caseNotices]) => {
      current = answer;
      notices = caseNotices;
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
      // The workflow's answer is the state now: shown at once (with no step offered until the case is re-read).
      current = { ...current, status: result.status, step: result.step, assigneeId: result.assigneeId, dueAt: result.dueAt, explanation: result.explanation, sla: result.sla, availableActions: [] };
      render();
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
    const typed = stepText.value;
    const read = readStep(current.caseType, action, typed);
    if (read.missing === 'text') {
      showAlert(alert, t(read.text === 'message' ? 'needsMessage' : 'needsReason'));
      stepText.focus();
      return;
    }
    if (read.missing === 'field') {
      showAlert(alert, t('needsField'));
      read.input?.focus();
      return;
    }
    const result = await send(action, read.body);
    if (result) {
      // The text was used by this step, unless the agent has meanwhile typed something else.
      if (read.usedText && stepText.value === typed) stepText.value = '';
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
