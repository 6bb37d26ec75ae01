/* global window */
import { ApiError, callApi, latestOnly } from '../../assets/api.js';
import { loadCaseTypes } from '../../assets/case-types.js';
import { byId, el, showAlert } from '../../assets/dom.js';
import { formatMoment, loadLegalTime } from '../../assets/format.js';
import { mountLanguageSwitch, onLanguageChange, translator } from '../../assets/i18n.js';
import { refusalReason } from '../../assets/refusals.js';
import { createSession } from '../session.js';
import { mountSignInForm } from '../sign-in-form.js';
import { downloadCsv } from './csv-export.js';
import { FIGURES } from './figures.js';
import { mountFigure } from './figure-view.js';
import { filtersFromUrl, mountFilters, queryOf } from './filters.js';
import { mountLiveCounters } from './live-counters.js';
import { DASHBOARD_MESSAGES } from './messages.js';
import { formatCivilDate } from './numbers.js';

// Labels of case types, clocks and outcomes come from the definitions; dates from the platform's legal time: both first.
await Promise.all([loadLegalTime(), loadCaseTypes()]);

const t = translator(DASHBOARD_MESSAGES);
/** Who the dashboard is for: the roles the statistics API answers. */
const DASHBOARD_ROLES = ['manager', 'supervisor', 'admin'];
/** The filters the API understands, named for the page when it refuses one. */
const FILTER_LABELS = { from: 'filterFrom', to: 'filterTo', groupBy: 'filterGroupBy', entity: 'filterEntity', serviceId: 'filterService', caseType: 'filterCaseType', officeId: 'filterOffice' };

const alert = byId('stats-alert');
/** The refusal shown, kept so that it is said again in the language the agent switches to. */
let failure = null;
let answer = null;
let filters = filtersFromUrl();

function describeError(err) {
  if (!(err instanceof ApiError) || err.status === 0) return t('unreachable');
  if (err.code === 'other_entity') return t('apiError', { message: t('filterOtherEntity') });
  const field = typeof err.details?.field === 'string' ? err.details.field.replace(/^querystring\./, '') : null;
  if (err.status === 400 && field && FILTER_LABELS[field]) return t('invalidFilter', { field: t(FILTER_LABELS[field]) });
  return t('apiError', { message: refusalReason(err) });
}

function renderFailure() {
  showAlert(alert, failure ? (failure.during ? t(failure.during, { message: describeError(failure.err) }) : describeError(failure.err)) : '');
}

/** Shows why a read was refused (`during`: the message it happened in, such as an export); null clears it. */
function showFailure(err, during = null) {
  failure = err ? { err, during } : null;
  renderFailure();
}

const session = createSession({
  onSignedOut: (reason) => {
    live.stop();
    showSignIn(reason instanceof ApiError ? t('sessionEnded', { message: refusalReason(reason) }) : '');
  },
});
const filterForm = mountFilters({ t, onApply: apply });
const live = mountLiveCounters({ session, t, showFailure });
const views = FIGURES.map((figure) => ({ figure, view: mountFigure(figure, { t, container: byId('figures'), onExport: exportTable }) }));
const isAdmin = () => session.user?.role === 'admin';

function context() {
  return {
    t,
    answer,
    minSample: answer.minSample,
    weekText: (week, year) => t('weekLabel', { week, year }),
    serviceNames: filterForm.serviceNames(),
  };
}

function renderAnswer() {
  if (!answer) return;
  const applied = answer.filters;
  byId('applied').textContent = t('appliedPeriod', { from: formatCivilDate(applied.from), to: formatCivilDate(applied.to), groupBy: t(`group_${applied.groupBy}`) });
  byId('min-sample').textContent = t('minSampleNote', { n: answer.minSample });
  byId('stats-state').textContent = t('generatedAt', { time: formatMoment(answer.generatedAt) });
  const ctx = context();
  for (const { view } of views) view.render(answer, ctx);
}

const readStats = latestOnly(
  () => session.call(`/api/v1/stats?${queryOf(filters)}`),
  (next) => {
    answer = next;
    showFailure(null);
    byId('figures').hidden = false;
    // The period the API chose by default is shown in the form; the address keeps what the agent chose.
    filterForm.show(filters, next.filters);
    if (!isAdmin()) filterForm.setScope({ admin: false, entity: next.filters.entity });
    renderAnswer();
  },
);

async function load() {
  byId('stats-state').textContent = t('loading');
  byId('figures').setAttribute('aria-busy', 'true');
  try {
    await readStats();
  } catch (err) {
    showFailure(err);
    byId('stats-state').textContent = '';
    // figures of the previous filters would read as those of the refused ones
    byId('figures').hidden = true;
  } finally {
    byId('figures').removeAttribute('aria-busy');
  }
}

function apply(next) {
  filters = next;
  live.setFilters(filters);
  load();
}

async function exportTable(table, button) {
  button.disabled = true;
  try {
    await downloadCsv({ table, query: queryOf(filters), token: session.token });
  } catch (err) {
    showFailure(err, 'exportFailed');
  } finally {
    button.disabled = false;
  }
}

async function loadCatalogue() {
  // Public lists: the selects offer what exists; the statistics API decides what the agent may see.
  const [services, offices] = await Promise.all([
    callApi('/api/v1/services').catch(() => ({ items: [] })),
    callApi('/api/v1/offices').catch(() => ({ items: [] })),
  ]);
  filterForm.setCatalogue({ services: services.items, offices: offices.items });
}

function showOnly(id) {
  for (const section of ['signin', 'not-for-you', 'dashboard']) byId(section).hidden = section !== id;
}

function showSignIn(message) {
  showOnly('signin');
  byId('signed-in').hidden = true;
  byId('sign-out').hidden = true;
  showAlert(byId('signin-alert'), message);
  byId('username').focus();
}

function renderSignedIn() {
  const user = session.user;
  // An account name keeps its own direction inside an Arabic sentence.
  byId('signed-in').replaceChildren(...(user ? [el('bdi', { text: user.username, attrs: { dir: 'ltr' } }), ` (${t(`role_${user.role}`)})`] : []));
}

function showDashboard() {
  byId('signed-in').hidden = false;
  byId('sign-out').hidden = false;
  renderSignedIn();
  if (!DASHBOARD_ROLES.includes(session.user.role)) {
    showOnly('not-for-you');
    return;
  }
  showOnly('dashboard');
  filterForm.setScope({ admin: isAdmin(), entity: null });
  filterForm.show(filters);
  loadCatalogue();
  live.start({ admin: isAdmin() });
  live.setFilters(filters);
  load();
}

mountSignInForm({
  session,
  t,
  onSignedIn: () => {
    showDashboard();
    byId(DASHBOARD_ROLES.includes(session.user.role) ? 'dashboard-heading' : 'not-for-you-heading').focus();
  },
});

byId('sign-out').addEventListener('click', () => session.signOut());

// Back and Forward move between views the agent applied: each is in the address.
window.addEventListener('popstate', () => {
  if (!session.user || !DASHBOARD_ROLES.includes(session.user.role)) return;
  filters = filtersFromUrl();
  filterForm.show(filters);
  apply(filters);
});

mountLanguageSwitch(byId('language-switch'), t);
onLanguageChange(() => {
  renderSignedIn();
  filterForm.render();
  live.render();
  renderAnswer();
  renderFailure();
});
if (session.user) showDashboard();
else showSignIn('');
