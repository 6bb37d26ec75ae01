/* global document, window, history, fetch, URLSearchParams, Chart */
import { byId, el, showAlert } from '../assets/dom.js';
import { language, mountLanguageSwitch, onLanguageChange, pick, translator } from '../assets/i18n.js';
import { REGIONS } from '/assets/morocco-territories.js';
import { MESSAGES } from './grants-messages.js';

/**
 * The public grants page: filters kept in the URL (a filtered view can be shared and bookmarked),
 * totals, charts by year and region, the list a page at a time and the filtered list to download.
 * Everything comes from GET /api/v1/public/grants; no account.
 */
const t = translator(MESSAGES);
const PAGE_SIZE = 20;
const FILTERS = ['q', 'year', 'region', 'beneficiaryType', 'programme', 'entity', 'amountMin', 'amountMax'];
const TYPES = ['association', 'cooperative', 'company', 'other'];
const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };
const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;

const regionByCode = new Map(REGIONS.map((r) => [r.code, r]));
const provinceByCode = new Map(REGIONS.flatMap((r) => r.provinces.map((p) => [p.code, p])));

let answer = null;
let charts = null;

const money = (amount) => new Intl.NumberFormat(LOCALES[language()], { style: 'currency', currency: 'MAD', maximumFractionDigits: 2 }).format(Number(amount));
const count = (n) => new Intl.NumberFormat(LOCALES[language()]).format(n);

/** The filters and the page, as the URL holds them. */
function currentQuery() {
  const url = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  for (const name of [...FILTERS, 'offset']) {
    const value = url.get(name);
    if (value) query.set(name, value);
  }
  return query;
}

function fillSelect(select, options, current) {
  const all = el('option', { text: t('all'), attrs: { value: '' } });
  const choices = options.map(({ value, label }) => {
    const option = el('option', { text: label, attrs: { value, dir: 'auto' } });
    option.selected = value === current;
    return option;
  });
  // A value chosen in the URL stays listed even when nothing matches it any more.
  if (current && !options.some((o) => o.value === current)) choices.push(Object.assign(el('option', { text: current, attrs: { value: current } }), { selected: true }));
  select.replaceChildren(all, ...choices);
}

function renderFilters(query) {
  const facets = answer?.facets ?? { byYear: [], byRegion: [], byBeneficiaryType: [], byProgramme: [], byEntity: [] };
  const countOf = (list, key, value) => list.find((f) => String(f[key]) === value)?.count ?? 0;
  byId('f-q').value = query.get('q') ?? '';
  byId('f-amountMin').value = query.get('amountMin') ?? '';
  byId('f-amountMax').value = query.get('amountMax') ?? '';
  fillSelect(byId('f-year'), [...facets.byYear].reverse().map((f) => ({ value: String(f.year), label: `${f.year} (${count(f.count)})` })), query.get('year'));
  fillSelect(
    byId('f-region'),
    REGIONS.map((r) => ({ value: r.code, label: `${pick(r)} (${count(countOf(facets.byRegion, 'region', r.code))})` })),
    query.get('region'),
  );
  fillSelect(
    byId('f-beneficiaryType'),
    TYPES.map((type) => ({ value: type, label: `${t(`type_${type}`)} (${count(countOf(facets.byBeneficiaryType, 'beneficiaryType', type))})` })),
    query.get('beneficiaryType'),
  );
  fillSelect(byId('f-programme'), facets.byProgramme.map((f) => ({ value: f.programme, label: `${f.programme} (${count(f.count)})` })), query.get('programme'));
  fillSelect(byId('f-entity'), facets.byEntity.map((f) => ({ value: f.entity, label: `${f.name} (${count(f.count)})` })), query.get('entity'));
}

function renderTotals() {
  const { count: n, amount } = answer.totals;
  byId('totals').textContent = n === 0 ? t('totalsNone') : n === 1 ? t('totalsOne', { amount: money(amount) }) : t('totals', { count: count(n), amount: money(amount) });
}

function renderExports(query) {
  for (const format of ['csv', 'json']) {
    const params = new URLSearchParams(query);
    params.delete('offset');
    params.set('format', format);
    byId(`export-${format}`).href = `/api/v1/public/grants?${params}`;
  }
}

function chartOptions(horizontal) {
  const rtl = language() === 'ar';
  const axis = { ticks: { callback: (value) => new Intl.NumberFormat(LOCALES[language()], { notation: 'compact' }).format(value) } };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: horizontal ? 'y' : 'x',
    locale: LOCALES[language()],
    plugins: { legend: { display: false }, tooltip: { rtl, callbacks: { label: (item) => money(item.raw) } } },
    scales: horizontal ? { x: { ...axis, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } } : { y: { ...axis, position: rtl ? 'right' : 'left' }, x: { reverse: rtl } },
  };
}

function renderCharts() {
  if (typeof Chart === 'undefined') return;
  const byYear = answer.facets.byYear;
  const byRegion = answer.facets.byRegion;
  const data = {
    year: { labels: byYear.map((f) => String(f.year)), values: byYear.map((f) => Number(f.amount)) },
    region: { labels: byRegion.map((f) => pick(f.name)), values: byRegion.map((f) => Number(f.amount)) },
  };
  if (!charts) {
    charts = {
      year: new Chart(byId('chart-year'), { type: 'bar', data: { labels: [], datasets: [{ data: [], backgroundColor: '#006233' }] }, options: chartOptions(false) }),
      region: new Chart(byId('chart-region'), { type: 'bar', data: { labels: [], datasets: [{ data: [], backgroundColor: '#c1272d' }] }, options: chartOptions(true) }),
    };
  }
  for (const [name, chart] of Object.entries(charts)) {
    chart.data.labels = data[name].labels;
    chart.data.datasets[0].data = data[name].values;
    chart.options = chartOptions(name === 'region');
    chart.update();
  }
}

function cell(label, children, className) {
  return el('td', { className, attrs: { 'data-label': t(label) } }, children);
}

function renderRows() {
  byId('rows').replaceChildren(
    ...answer.items.map((g) => {
      const region = regionByCode.get(g.region);
      const province = provinceByCode.get(g.province);
      return el('tr', {}, [
        cell('colBeneficiary', [el('span', { text: g.beneficiaryName, attrs: { dir: 'auto' } }), el('br'), el('span', { className: 'muted', text: `${t(`type_${g.beneficiaryType}`)} · ${t(`kind_${g.kind}`)}` })]),
        cell('colProgramme', [el('span', { text: g.programme, attrs: { dir: 'auto' } }), el('br'), el('span', { className: 'muted', text: g.grantingEntityName, attrs: { dir: 'auto' } })]),
        cell('colPlace', [el('span', { text: region ? pick(region) : g.region }), el('br'), el('span', { className: 'muted', text: province ? pick(province) : g.province })]),
        cell('colYear', [el('bdi', { text: String(g.year) })]),
        cell('colAmount', [el('bdi', { text: money(g.amount) })], 'amount'),
        cell('colAgreement', [el('bdi', { className: 'code', text: g.agreementReference, attrs: { dir: 'ltr' } }), el('br'), el('span', { className: 'muted', text: t('agreementOf', { date: g.agreementDate }) })]),
      ]);
    }),
  );
}

function renderPager(query) {
  const offset = Number(query.get('offset') ?? 0);
  const total = answer.total;
  byId('page-info').textContent = total === 0 ? '' : t('pageInfo', { from: count(offset + 1), to: count(Math.min(offset + PAGE_SIZE, total)), total: count(total) });
  byId('previous').disabled = offset === 0;
  byId('next').disabled = offset + PAGE_SIZE >= total;
}

function render() {
  const query = currentQuery();
  renderFilters(query);
  if (!answer) return;
  renderTotals();
  renderExports(query);
  renderCharts();
  renderRows();
  renderPager(query);
}

async function load() {
  const query = currentQuery();
  const params = new URLSearchParams(query);
  params.set('limit', String(PAGE_SIZE));
  const error = byId('error');
  try {
    const res = await fetch(`/api/v1/public/grants?${params}`, { headers: { accept: 'application/json' } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      showAlert(error, body.code === 'invalid_input' ? t('badFilters') : body.code === 'rate_limited' ? t('rateLimited') : t('unavailable'));
      return;
    }
    answer = await res.json();
    showAlert(error, '');
  } catch {
    showAlert(error, t('unavailable'));
    return;
  }
  render();
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
}

function go(query) {
  history.pushState(null, '', query.size ? `?${query}` : window.location.pathname);
  return load();
}

function readForm() {
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = byId(`f-${name}`).value.trim();
    if (value) query.set(name, name.startsWith('amount') ? value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.') : value);
  }
  return query;
}

function amountProblem(query) {
  const [min, max] = ['amountMin', 'amountMax'].map((name) => query.get(name));
  for (const name of ['amountMin', 'amountMax']) {
    const input = byId(`f-${name}`);
    const bad = query.has(name) && !AMOUNT.test(query.get(name));
    input.setAttribute('aria-invalid', String(bad));
    if (bad) return { input, message: t('badAmount') };
  }
  if (min && max && Number(min) > Number(max)) return { input: byId('f-amountMin'), message: t('amountOrder') };
  return null;
}

byId('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  const query = readForm();
  const problem = amountProblem(query);
  if (problem) {
    showAlert(byId('error'), problem.message);
    problem.input.focus();
    return;
  }
  void go(query);
});
for (const [id, step] of [['previous', -PAGE_SIZE], ['next', PAGE_SIZE]]) {
  byId(id).addEventListener('click', () => {
    const query = currentQuery();
    const offset = Math.max(0, Number(query.get('offset') ?? 0) + step);
    if (offset) query.set('offset', String(offset));
    else query.delete('offset');
    void go(query).then(() => byId('list-heading').scrollIntoView());
  });
}
window.addEventListener('popstate', () => void load());

mountLanguageSwitch(byId('language-switch'), t);
onLanguageChange(() => render());
void load();
