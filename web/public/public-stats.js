/* global document, window, URLSearchParams, Chart */
import { ApiError, callApi } from '../assets/api.js';
import { byId, el } from '../assets/dom.js';
import { LOCALES } from '../assets/format.js';
import { language, mountLanguageSwitch, onLanguageChange, pick, translator } from '../assets/i18n.js';
import { PUBLIC_STATS_MESSAGES } from './public-stats-messages.js';

const t = translator(PUBLIC_STATS_MESSAGES);
const PALETTE = ['#006233', '#c1272d', '#1f5fa8', '#b8860b', '#6b3fa0', '#2f8f83', '#8c564b', '#4d4d4d'];

/** Clock labels come from the served case-type definitions: the page keeps no word of its own for them. */
let clocksByType = new Map();
/** Every entity as a whole (also the entity select's choices), then the chosen entity with its services. */
let overview = null;
let detail = null;
const charts = new Map();

const locale = () => LOCALES[language()];
const number = (value, options = {}) => new Intl.NumberFormat(locale(), options).format(value);
const share = (value) => (value === null ? t('tooFew') : number(value, { style: 'percent', maximumFractionDigits: 1 }));
const days = (value) => (value === null ? t('tooFew') : number(value, { maximumFractionDigits: 1 }));
const monthName = (month) => new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

function clockLabel(caseType, clock) {
  const found = clocksByType.get(caseType)?.find((c) => c.name === clock);
  return found ? pick(found.label) : clock;
}
const mainClockLabel = (caseType) => pick(clocksByType.get(caseType)?.[0]?.label) || caseType;
const labelOf = (item) => pick(item.service ? item.service.names : item.entity.names);

/** The entity and service the URL names (what the selects show). */
function chosen() {
  const params = new URLSearchParams(window.location.search);
  return { entity: params.get('entity') || null, serviceId: params.get('serviceId') || null };
}

function setChosen(entity, serviceId) {
  const params = new URLSearchParams();
  if (entity) params.set('entity', entity);
  if (entity && serviceId) params.set('serviceId', serviceId);
  const query = params.toString();
  window.history.pushState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}

function showError(error) {
  const alert = byId('stats-alert');
  const message = error instanceof ApiError && error.status === 400 ? 'unknownChoice' : error instanceof ApiError && error.status === 429 ? 'tooMany' : 'unavailable';
  alert.dataset.message = message;
  alert.textContent = t(message);
  alert.hidden = false;
}

/** What the page shows: months of the monthly charts, and the rows compared side by side. */
function scope(state) {
  if (!state.entity || !detail) return { monthly: overview.items, subjects: overview.items };
  const services = detail.items.filter((i) => i.service);
  const service = state.serviceId ? services.find((i) => i.service.id === state.serviceId) : null;
  if (service) return { monthly: [service], subjects: [service] };
  return { monthly: detail.items.filter((i) => !i.service), subjects: services };
}

function drawChart(id, config) {
  charts.get(id)?.destroy();
  const rtl = language() === 'ar';
  const horizontal = config.options?.indexAxis === 'y';
  const chart = new Chart(byId(id), {
    ...config,
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      ...config.options,
      plugins: { legend: { rtl, display: config.data.datasets.length > 1 }, tooltip: { rtl } },
      scales: horizontal
        ? { x: { reverse: rtl, beginAtZero: true, ...config.options?.scales?.x }, y: { position: rtl ? 'right' : 'left' } }
        : { x: { reverse: rtl }, y: { position: rtl ? 'right' : 'left', beginAtZero: true, ...config.options?.scales?.y } },
    },
  });
  charts.set(id, chart);
}

function fillTable(id, headers, rows) {
  const table = byId(id);
  const head = el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))]);
  const body = rows.length
    ? rows.map((cells) => el('tr', {}, cells.map((cell, i) => el(i === 0 ? 'th' : 'td', { text: String(cell), attrs: i === 0 ? { scope: 'row' } : {} }))))
    : [el('tr', {}, [el('td', { text: t('nothing'), attrs: { colspan: String(headers.length) } })])];
  table.replaceChildren(head, el('tbody', {}, body));
}

function section(table) {
  return document.querySelector(`section[data-table="${table}"]`);
}

function downloadLink(table, state) {
  const params = new URLSearchParams({ format: 'csv' });
  if (state.entity) params.set('entity', state.entity);
  if (state.entity && state.serviceId) params.set('serviceId', state.serviceId);
  const node = section(table);
  node.querySelector('.download')?.remove();
  node.append(el('p', { className: 'download' }, [el('a', { text: t('download'), attrs: { href: `/api/v1/public/stats/${table}?${params}`, download: '' } })]));
}

function monthlyChart(id, tableId, items, series) {
  const months = items[0]?.figures.volume.map((v) => v.month) ?? [];
  const many = items.length > 1;
  const datasets = items.flatMap((item, i) =>
    series.map((s, j) => ({
      label: many ? `${labelOf(item)} — ${t(s.key)}` : t(s.key),
      data: s.rows(item).map((r) => r[s.field]),
      backgroundColor: PALETTE[(i * series.length + j) % PALETTE.length],
      borderColor: PALETTE[(i * series.length + j) % PALETTE.length],
    })),
  );
  drawChart(id, { type: many ? 'line' : 'bar', data: { labels: months.map(monthName), datasets } });
  const headers = [t('month'), ...(many ? [t('subject')] : []), ...series.map((s) => t(s.key))];
  const rows = months.flatMap((month, m) => items.map((item) => [monthName(month), ...(many ? [labelOf(item)] : []), ...series.map((s) => number(s.rows(item)[m][s.field]))]));
  fillTable(tableId, headers, rows);
}

function render() {
  const state = chosen();
  const { monthly, subjects } = scope(state);
  const { period, minSample } = (state.entity && detail) || overview;
  byId('stats-period').textContent = t('period', { from: monthName(period.from), to: monthName(period.to) });
  byId('stats-sample-rule').textContent = t('sampleRule', { min: number(minSample) });
  const alert = byId('stats-alert');
  if (!alert.hidden) alert.textContent = t(alert.dataset.message);

  monthlyChart('chart-volume', 'table-volume', monthly, [
    { key: 'submitted', field: 'submitted', rows: (item) => item.figures.volume },
    { key: 'finished', field: 'finished', rows: (item) => item.figures.volume },
  ]);

  const deadlines = subjects.flatMap((item) => item.figures.deadlines.map((d) => ({ label: `${labelOf(item)} — ${clockLabel(d.caseType, d.clock)}`, subject: labelOf(item), ...d })));
  drawChart('chart-deadlines', {
    type: 'bar',
    data: { labels: deadlines.map((d) => d.label), datasets: [{ label: t('withinLegal'), data: deadlines.map((d) => (d.withinLegalShare === null ? null : d.withinLegalShare * 100)), backgroundColor: PALETTE[0] }] },
    options: { indexAxis: 'y', scales: { x: { max: 100 } } },
  });
  fillTable('table-deadlines', [t('subject'), t('deadline'), t('clocksFinished'), t('withinLegal')], deadlines.map((d) => [d.subject, clockLabel(d.caseType, d.clock), number(d.finished), share(d.withinLegalShare)]));

  const processing = subjects.flatMap((item) => {
    const rows = item.service ? item.figures.processingTimes.filter((p) => p.caseType === item.service.caseType) : item.figures.processingTimes;
    return rows.map((p) => ({ label: item.service ? labelOf(item) : `${labelOf(item)} — ${mainClockLabel(p.caseType)}`, ...p }));
  });
  drawChart('chart-processing', {
    type: 'bar',
    data: { labels: processing.map((p) => p.label), datasets: [{ label: t('median'), data: processing.map((p) => p.medianWorkingDays), backgroundColor: PALETTE[2] }] },
    options: { indexAxis: 'y' },
  });
  fillTable('table-processing', [t('subject'), t('casesFinished'), t('median')], processing.map((p) => [p.label, number(p.finished), days(p.medianWorkingDays)]));

  const appointments = subjects.filter((item) => item.figures.appointments);
  section('appointments').hidden = appointments.length === 0;
  drawChart('chart-appointments', {
    type: 'bar',
    data: {
      labels: appointments.map(labelOf),
      datasets: [{ label: t('noShowRate'), data: appointments.map((i) => (i.figures.appointments.noShowRate === null ? null : i.figures.appointments.noShowRate * 100)), backgroundColor: PALETTE[1] }],
    },
    options: { indexAxis: 'y', scales: { x: { max: 100 } } },
  });
  fillTable(
    'table-appointments',
    [t('subject'), t('booked'), t('concluded'), t('noShowRate')],
    appointments.map((i) => [labelOf(i), number(i.figures.appointments.booked), number(i.figures.appointments.concluded), share(i.figures.appointments.noShowRate)]),
  );

  const complaining = monthly.filter((item) => item.figures.complaints);
  section('complaints').hidden = complaining.length === 0;
  if (complaining.length) monthlyChart('chart-complaints', 'table-complaints', complaining, [{ key: 'complaints', field: 'submitted', rows: (item) => item.figures.complaints }]);

  for (const table of ['volume', 'deadlines', 'processing_times', 'appointments', 'complaints']) downloadLink(table, state);
}

function fillSelects() {
  const state = chosen();
  byId('stats-entity').replaceChildren(
    el('option', { text: t('allEntities'), attrs: { value: '' } }),
    ...overview.items.map((item) => el('option', { text: pick(item.entity.names), attrs: { value: item.entity.code } })),
  );
  byId('stats-entity').value = state.entity && detail ? state.entity : '';
  const services = detail?.items.filter((i) => i.service) ?? [];
  byId('stats-service').replaceChildren(
    el('option', { text: t('allServices'), attrs: { value: '' } }),
    ...services.map((item) => el('option', { text: pick(item.service.names), attrs: { value: item.service.id } })),
  );
  byId('stats-service').disabled = !detail;
  byId('stats-service').value = services.some((i) => i.service.id === state.serviceId) ? state.serviceId : '';
}

/** Reads what the URL names, then draws it; an unknown entity or service falls back to the wider view and says so. */
async function load() {
  const state = chosen();
  const status = byId('stats-state');
  status.textContent = t('loading');
  byId('stats-alert').hidden = true;
  try {
    overview ??= await callApi('/api/v1/public/stats');
    detail = null;
    if (state.entity) {
      try {
        detail = await callApi(`/api/v1/public/stats?entity=${encodeURIComponent(state.entity)}`);
      } catch (error) {
        showError(error);
      }
    }
    if (detail && state.serviceId && !detail.items.some((i) => i.service?.id === state.serviceId)) showError(new ApiError(400, 'invalid_input', ''));
    fillSelects();
    render();
  } catch (error) {
    showError(error);
  } finally {
    status.textContent = '';
  }
}

try {
  clocksByType = new Map((await callApi('/api/v1/case-types')).items.map((d) => [d.caseType, d.clocks]));
} catch {
  clocksByType = new Map();
}

mountLanguageSwitch(byId('language-switch'), t);
onLanguageChange(() => {
  if (!overview) return;
  fillSelects();
  render();
});
byId('stats-entity').addEventListener('change', (event) => {
  setChosen(event.target.value, null);
  void load();
});
byId('stats-service').addEventListener('change', (event) => {
  setChosen(chosen().entity, event.target.value);
  if (detail) {
    fillSelects();
    render();
  }
});
window.addEventListener('popstate', () => void load());
await load();
