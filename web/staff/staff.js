import { ApiError, webSocketUrl } from '../assets/api.js';
import { byId, showAlert } from '../assets/dom.js';
import { loadLegalTime } from '../assets/format.js';
import { mountLanguageSwitch, onLanguageChange, translator } from '../assets/i18n.js';
import { loadCaseTypes } from '../assets/case-types.js';
import { openLiveChannel } from '../assets/live.js';
import { refusalReason } from '../assets/refusals.js';
import { mountAdmin } from './admin.js';
import { mountAgenda } from './agenda.js';
import { mountCasePanel } from './case-panel.js';
import { STAFF_MESSAGES } from './messages.js';
import { mountNotifications } from './notifications.js';
import { mountQueue } from './queue.js';
import { createSession } from './session.js';
import { mountSignInForm } from './sign-in-form.js';

// Times on this page are read in the platform's legal time, and steps named by their case type's definition: both first.
await Promise.all([loadLegalTime(), loadCaseTypes()]);

const t = translator(STAFF_MESSAGES);
const LIVE_TEXT = { connecting: 'liveConnecting', live: 'liveOn', reconnecting: 'liveReconnecting', closed: null };

function describeError(err) {
  if (!(err instanceof ApiError) || err.status === 0) return t('unreachable');
  return t('apiError', { message: refusalReason(err) });
}

let channel = null;
let liveState = 'closed';
let refreshTimer = null;
/** whether an event of the burst being gathered concerns the open case (or asks for a full reload) */
let openCaseTouched = false;

const session = createSession({
  onSignedOut: (reason) => {
    stopLive();
    casePanel.clear();
    agenda.clear();
    showSignIn(reason instanceof ApiError ? t('sessionEnded', { message: refusalReason(reason) }) : '');
  },
});
const queue = mountQueue({ t, session, describeError, onOpen: openCase });
const casePanel = mountCasePanel({ t, session, describeError, onChanged: refreshLists, openAlert: byId('queue-alert') });
const notifications = mountNotifications({ t, session, describeError, onOpen: openCase });
const admin = mountAdmin({ t, session, describeError });
const agenda = mountAgenda({ t, session, describeError, onOpen: openCase, onChanged: refreshLists });
/** Administrators keep the catalogue and the calendar; they have no queue (they belong to no entity). */
const isAdmin = () => session.user?.role === 'admin';

async function openCase(caseId) {
  await casePanel.open(caseId);
  queue.highlight(casePanel.caseId);
}

function refreshLists() {
  queue.load();
  notifications.load();
  agenda.load();
}

function renderLiveState() {
  const indicator = byId('live-state');
  const key = LIVE_TEXT[liveState];
  indicator.textContent = key ? t(key) : '';
  indicator.dataset.state = liveState;
}

/**
 * Every event of the entity's cases: the queue, the open case and the notifications are re-read (once per burst).
 * `ready` counts too: what happened between the first reading of the lists and the channel opening is in no event it replays.
 */
function onLiveMessage(message) {
  if (message.type !== 'event' && message.type !== 'resync' && message.type !== 'ready') return;
  if (message.type === 'resync' || message.event?.caseId === casePanel.caseId) openCaseTouched = true;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshLists();
    if (openCaseTouched) casePanel.refresh();
    openCaseTouched = false;
  }, 200);
}

function startLive() {
  stopLive();
  channel = openLiveChannel({
    urlFor: (after) => webSocketUrl('/api/v1/live', { token: session.token, after }),
    onMessage: onLiveMessage,
    onEnded: (reason) => session.expire(reason),
    onState: (state) => {
      liveState = state;
      renderLiveState();
    },
  });
}

function stopLive() {
  channel?.close();
  channel = null;
  clearTimeout(refreshTimer);
}

/** Managers, heads of service and administrators read the statistics: the dashboard is offered to them only. */
const DASHBOARD_ROLES = ['manager', 'supervisor', 'admin'];

function showSignIn(message) {
  byId('dashboard-link').hidden = true;
  byId('workspace').hidden = true;
  byId('admin-workspace').hidden = true;
  byId('signin').hidden = false;
  byId('signed-in').hidden = true;
  byId('sign-out').hidden = true;
  showAlert(byId('signin-alert'), message);
  byId('username').focus();
}

function showWorkspace() {
  byId('signin').hidden = true;
  byId('signed-in').hidden = false;
  byId('sign-out').hidden = false;
  byId('dashboard-link').hidden = !DASHBOARD_ROLES.includes(session.user?.role);
  renderSignedIn();
  byId('workspace').hidden = isAdmin();
  byId('admin-workspace').hidden = !isAdmin();
  if (isAdmin()) {
    admin.load();
    return;
  }
  refreshLists();
  startLive();
}

function renderSignedIn() {
  const user = session.user;
  byId('signed-in').textContent = user ? t('signedInAs', { username: user.username, role: t(`role_${user.role}`) }) : '';
}

mountSignInForm({
  session,
  t,
  onSignedIn: () => {
    showWorkspace();
    byId(isAdmin() ? 'services-heading' : 'queue-heading').focus();
  },
});

byId('sign-out').addEventListener('click', () => session.signOut());

mountLanguageSwitch(byId('language-switch'), t);
onLanguageChange(() => {
  renderSignedIn();
  renderLiveState();
  if (isAdmin()) admin.render();
});
if (session.user) showWorkspace();
else showSignIn('');
