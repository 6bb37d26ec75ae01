/* global sessionStorage */
import { ApiError, callApi, latestOnly, webSocketUrl } from '../assets/api.js';
import { statusText } from '../assets/case-words.js';
import { refusalReason } from '../assets/refusals.js';
import { byId, el, renderTimeline, setTextWithCode, setTextWithDates, showAlert } from '../assets/dom.js';
import { formatDay, formatDue } from '../assets/format.js';
import { onLanguageChange, pick } from '../assets/i18n.js';
import { openLiveChannel } from '../assets/live.js';
import { clocksOf, takesSlot } from '../assets/case-types.js';
import { readStep, replaceSteps, stepControl } from '../assets/step-form.js';
import { mountAppointment } from './appointment.js';
import { downloadCaseDocument } from './documents.js';
import { estimateText } from './estimate.js';

/** Steps with a form of their own on this page (and those naming a slot: the appointment's); every other citizen step is drawn from its definition. */
const OWN_FORMS = ['provide_info', 'withdraw'];

// The case being followed stays open across reloads of this tab only; it never goes into the URL.
const STORAGE_KEY = 'khidma.citizen.case';

const LIVE_TEXT = { connecting: 'liveConnecting', live: 'liveOn', reconnecting: 'liveReconnecting', closed: null };

function storedCredentials() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.trackingCode === 'string' && typeof stored.accessToken === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** "Suivre ma demande": opens a case with its tracking code and access token and follows it live. */
export function mountTracking({ t }) {
  const form = byId('track-form');
  const codeInput = byId('trackingCode');
  const tokenInput = byId('accessToken');
  const trackAlert = byId('track-alert');
  const caseAlert = byId('case-alert');
  const caseNotice = byId('case-notice');
  const article = byId('case');

  let credentials = null;
  let current = null;
  let channel = null;
  let liveState = 'closed';
  let refreshTimer = null;

  function errorText(err) {
    if (!(err instanceof ApiError) || err.status === 0) return t('unreachable');
    return t(err.status === 404 ? 'caseNotFound' : 'actionRefused', { message: refusalReason(err) });
  }

  function path(suffix = '') {
    return `/api/v1/cases/${encodeURIComponent(credentials.trackingCode)}${suffix}`;
  }

  function render() {
    if (!current) return;
    setTextWithCode(byId('case-heading'), t('caseHeading', { code: '{code}' }), current.trackingCode);
    byId('case-service').textContent = pick(current.service.names) || current.service.name;
    byId('case-status').textContent = pick(current.step) || statusText(current.status, 'citizen', current.caseType);
    byId('case-submitted').textContent = formatDay(current.submittedAt);
    byId('case-due').textContent = current.dueAt
      ? formatDue(current.dueAt, current.explanation)
      : current.sla.state === 'paused'
        ? t('dueSuspended')
        : t('noDue');
    byId('case-estimate').textContent = current.dueAt ? estimateText(current.estimate, current.explanation, t) : t('noDue');
    setTextWithDates(byId('case-explanation'), pick(current.explanation?.text));
    renderTimeline(byId('timeline'), current.timeline, { caseType: current.caseType });

    const canProvideInfo = current.availableActions.includes('provide_info');
    byId('provide-info').hidden = !canProvideInfo;
    const lastRequest = [...current.timeline].reverse().find((e) => e.payload?.action === 'request_info');
    byId('info-request').textContent = lastRequest?.payload?.message ? t('adminAsked', { message: lastRequest.payload.message }) : '';

    const canWithdraw = current.availableActions.includes('withdraw');
    byId('withdraw').hidden = !canWithdraw;
    if (!canWithdraw) byId('withdraw-confirm').hidden = true;

    appointment.show(current, credentials);
    const steps = current.availableActions.filter((action) => !OWN_FORMS.includes(action) && !takesSlot(current.caseType, action));
    byId('citizen-steps').hidden = steps.length === 0;
    replaceSteps(byId('citizen-step-buttons'), steps.map((action) => stepControl(current.caseType, action, { onTake: takeStep })));
    renderOtherDeadlines();
    byId('download-attestation').hidden = current.outcome !== 'deemed_accepted';
    renderLiveState();
  }

  /** The case's clocks beyond the main one (an acknowledgement, a window to complain), once started. */
  function renderOtherDeadlines() {
    const labels = new Map(clocksOf(current.caseType).map((c) => [c.name, pick(c.label)]));
    const others = (current.deadlines ?? []).slice(1).filter((d) => d.state !== 'not_started');
    byId('case-other-deadlines').hidden = others.length === 0;
    byId('case-deadlines').replaceChildren(
      ...others.map((d) => {
        const clock = labels.get(d.clock) ?? d.clock;
        return el('li', { text: d.state === 'stopped' || !d.dueAt ? t('clockDone', { clock }) : t('clockDue', { clock, due: formatDue(d.dueAt, d.explanation) }) });
      }),
    );
  }

  async function takeStep(action) {
    const textarea = byId('citizen-step-text');
    const typed = textarea.value;
    const read = readStep(current.caseType, action, typed);
    if (read.missing) {
      showAlert(caseAlert, t(read.missing === 'text' ? 'stepNeedsText' : 'stepNeedsField'));
      (read.missing === 'text' ? textarea : read.input)?.focus();
      return;
    }
    if ((await runStep(action, read.body)) && read.usedText && textarea.value === typed) textarea.value = '';
  }

  /** Takes a step and says what became of the case, or why it was refused; whether it went through. */
  async function runStep(action, body) {
    try {
      const result = await act(action, body);
      showAlert(caseNotice, t('stepDone', { status: pick(result.step) || statusText(result.status, 'citizen', current.caseType) }));
      return true;
    } catch (err) {
      showAlert(caseAlert, errorText(err));
      return false;
    }
  }

  const appointment = mountAppointment({ t, take: runStep, onError: (err) => showAlert(caseAlert, errorText(err)) });

  function renderLiveState() {
    const key = LIVE_TEXT[liveState];
    const indicator = byId('live-state');
    indicator.textContent = key ? t(key) : '';
    indicator.dataset.state = liveState;
  }

  const load = latestOnly(
    () => callApi(path(), { token: credentials.accessToken }),
    (answer) => {
      current = answer;
      render();
    },
  );

  /** Several events often arrive together (a step and its recomputed deadline): one reload for all of them. */
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => load().catch((err) => showAlert(caseAlert, errorText(err))), 150);
  }

  function onLiveMessage(message) {
    if (message.type !== 'event' || !current) return;
    if (!current.timeline.some((e) => e.id === message.event.id)) {
      // A new event at a seq already shown replaces it and what followed: the platform took back
      // steps the case's workflow never made durable (left by an earlier version).
      current.timeline = current.timeline.filter((e) => e.seq < message.event.seq);
      current.timeline.push(message.event);
      if (message.event.status !== current.status) {
        // What the citizen may do next comes with the re-read below; until then, no stale button.
        current.status = message.event.status;
        current.step = null;
        current.availableActions = [];
      }
      render();
    }
    refreshSoon();
  }

  function follow() {
    channel?.close();
    let connectedBefore = false;
    channel = openLiveChannel({
      urlFor: (after) => webSocketUrl(path('/live'), { token: credentials.accessToken, after }),
      after: current.lastEventId,
      onMessage: onLiveMessage,
      onState: (state) => {
        liveState = state;
        renderLiveState();
        // Back after a drop: the missed events are replayed, and the case is re-read for its dates.
        if (state === 'live' && connectedBefore) refreshSoon();
        if (state === 'live') connectedBefore = true;
      },
    });
  }

  function stop() {
    channel?.close();
    channel = null;
    clearTimeout(refreshTimer);
    current = null;
    appointment.show(null, null);
    article.hidden = true;
  }

  async function open(next, { focus = true } = {}) {
    stop();
    credentials = next;
    showAlert(trackAlert, '');
    showAlert(caseAlert, '');
    showAlert(caseNotice, '');
    try {
      await load();
    } catch (err) {
      credentials = null;
      showAlert(trackAlert, errorText(err));
      if (err instanceof ApiError && err.status === 404) sessionStorage.removeItem(STORAGE_KEY);
      return;
    }
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
    article.hidden = false;
    follow();
    if (focus) byId('case-heading').focus();
  }

  async function act(action, body) {
    showAlert(caseAlert, '');
    showAlert(caseNotice, '');
    const result = await callApi(path(`/citizen-actions/${action}`), { method: 'POST', token: credentials.accessToken, body });
    await load();
    return result;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const trackingCode = codeInput.value.trim().toUpperCase();
    const accessToken = tokenInput.value.trim();
    if (!trackingCode || !accessToken) {
      showAlert(trackAlert, t('errTrackFields'));
      return;
    }
    open({ trackingCode, accessToken });
  });

  byId('provide-info-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const textarea = byId('info-message');
    const message = textarea.value.trim();
    if (!message) {
      showAlert(caseAlert, t('errInfoMessage'));
      textarea.focus();
      return;
    }
    const button = event.submitter;
    button.disabled = true;
    try {
      await act('provide_info', { message });
      textarea.value = '';
      showAlert(caseNotice, t('infoSent'));
    } catch (err) {
      showAlert(caseAlert, errorText(err));
    } finally {
      button.disabled = false;
    }
  });

  byId('withdraw-start').addEventListener('click', () => {
    byId('withdraw-confirm').hidden = false;
    byId('withdraw-no').focus();
  });
  byId('withdraw-no').addEventListener('click', () => {
    byId('withdraw-confirm').hidden = true;
    byId('withdraw-start').focus();
  });
  byId('withdraw-yes').addEventListener('click', async () => {
    try {
      await act('withdraw', {});
      showAlert(caseNotice, t('withdrawnNotice'));
    } catch (err) {
      showAlert(caseAlert, errorText(err));
    }
  });

  for (const [id, document, fileName] of [
    ['download-attestation', 'attestation.pdf', 'attestation'],
    ['download-summary', 'summary.pdf', 'recapitulatif'],
  ]) {
    byId(id).addEventListener('click', async () => {
      try {
        await downloadCaseDocument(credentials, document, fileName);
      } catch (err) {
        showAlert(caseAlert, errorText(err));
      }
    });
  }

  byId('forget-case').addEventListener('click', () => {
    stop();
    credentials = null;
    sessionStorage.removeItem(STORAGE_KEY);
    codeInput.value = '';
    tokenInput.value = '';
    codeInput.focus();
  });

  onLanguageChange(() => {
    // A confirmation is read once, in the language it was given in; the facts are re-rendered.
    showAlert(caseNotice, '');
    render();
  });

  const stored = storedCredentials();
  if (stored) {
    codeInput.value = stored.trackingCode;
    tokenInput.value = stored.accessToken;
    open(stored, { focus: false });
  }

  return {
    /** Shows a case just submitted, with the codes of its receipt filled in. */
    show(next) {
      codeInput.value = next.trackingCode;
      tokenInput.value = next.accessToken;
      open(next);
    },
  };
}
