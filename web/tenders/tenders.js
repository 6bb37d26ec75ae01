/* global document, window, URLSearchParams */
import { ApiError, callApi } from '../assets/api.js';
import { byId, el, showAlert } from '../assets/dom.js';
import { formatMoment, loadLegalTime } from '../assets/format.js';
import { language, mountLanguageSwitch, onLanguageChange, pick, translator } from '../assets/i18n.js';
import { TENDER_MESSAGES } from './messages.js';
import { buyerOf, formatAmount, objectOf } from './tender-format.js';

// The filters live in the page's address (a plain GET form), so a search can be bookmarked, shared and reloaded.
const PARAMETERS = ['q', 'buyer', 'category', 'procedure', 'status', 'deadlineFrom', 'deadlineTo', 'sort', 'offset'];
const PAGE_SIZE = 20;
const SORTS = [['', 'sortNewest'], ['publishedOn', 'sortOldest'], ['deadline', 'sortDeadline'], ['-deadline', 'sortDeadlineLate'], ['-estimate', 'sortEstimateDesc'], ['estimate', 'sortEstimate'], ['reference', 'sortReference']];

const t = translator(TENDER_MESSAGES);
const asked = new URLSearchParams(window.location.search);
let filters = null;
let answer = null;
let failure = null;

function option(value, text) {
  return el('option', { text, attrs: { value } });
}

function fillSelect(id, choices, { any = true } = {}) {
  const select = byId(id);
  // A language change redraws the options and keeps what the reader picked meanwhile.
  const chosen = select.options.length > 0 ? select.value : (asked.get(id) ?? '');
  select.replaceChildren(...(any ? [option('', t('any'))] : []), ...choices.map(([value, text]) => option(value, text)));
  select.value = chosen;
}

function renderFilters() {
  if (filters) {
    fillSelect('buyer', filters.buyers.map((b) => [b.code, language() === 'ar' ? b.name.ar : b.name.fr]));
    for (const [id, list] of [['category', filters.categories], ['procedure', filters.procedures], ['status', filters.statuses]]) fillSelect(id, list.map((c) => [c.code, pick(c.labels)]));
  }
  fillSelect('sort', SORTS.map(([value, key]) => [value, t(key)]), { any: false });
  byId('feed-link').href = `/api/v1/public/tenders/feed.atom?lang=${language()}`;
}

/** A sentence with `{date}` filled by the instant on the Moroccan clock, kept on one line. */
function withTime(template, instant) {
  const [before, after = ''] = template.split('{date}');
  return [before, el('time', { className: 'nowrap', text: `${formatMoment(instant)} (${t('moroccoTime')})`, attrs: { datetime: instant } }), after];
}

function tenderCard(item) {
  const object = objectOf(item);
  const buyer = buyerOf(item);
  const estimate = formatAmount(item.estimateCentimes);
  return el('li', { className: 'tender', attrs: { 'data-reference': item.reference } }, [
    el('div', { className: 'tender-head' }, [
      el('bdi', { className: 'reference code', text: item.reference }),
      el('span', { className: 'tender-status', text: pick(item.labels.status), attrs: { 'data-status': item.status } }),
    ]),
    el('h2', {}, [el('a', { text: object.text, attrs: { href: `/tenders/tender.html?ref=${item.path}`, lang: object.lang, dir: 'auto' } })]),
    el('p', { className: 'tender-meta' }, [
      el('span', { text: buyer.text, attrs: { lang: buyer.lang } }),
      el('span', { text: `${pick(item.labels.category)} — ${pick(item.labels.procedure)}` }),
    ]),
    el('p', { className: 'tender-meta' }, [
      el('span', {}, withTime(t('deadlineLine'), item.deadlineAt)),
      ...(estimate ? [el('span', { text: t('estimateLine', { amount: estimate }) })] : []),
    ]),
  ]);
}

function pageLink(offset, key) {
  const params = new URLSearchParams(asked);
  if (offset > 0) params.set('offset', String(offset));
  else params.delete('offset');
  return el('a', { className: 'button', text: t(key), attrs: { href: `/tenders/?${params}` } });
}

function renderResults() {
  showAlert(byId('alert'), failure ? failureMessage(failure) : '');
  if (!answer) return;
  const offset = Number(asked.get('offset') ?? 0);
  const shown = answer.items.length;
  byId('count').textContent = answer.total === 0 ? t('none') : shown < answer.total ? t('resultsRange', { from: offset + 1, to: offset + shown, total: answer.total }) : t('results', { total: answer.total });
  byId('results').replaceChildren(...answer.items.map(tenderCard));
  byId('pager').replaceChildren(...(offset > 0 ? [pageLink(Math.max(0, offset - PAGE_SIZE), 'previous')] : []), ...(offset + shown < answer.total ? [pageLink(offset + PAGE_SIZE, 'next')] : []));
}

function render() {
  renderFilters();
  renderResults();
}

/** A refused filter is named by its label on the page, in the page's language. */
function failureMessage(error) {
  const name = error instanceof ApiError && error.status === 400 ? String(error.details?.field ?? '').replace(/^querystring\.?/, '') : null;
  if (name === null) return t('failed');
  return t('invalid', { field: PARAMETERS.includes(name) && name !== 'offset' ? t(`${name}Label`) : t('filtersLegend') });
}

async function load() {
  const query = new URLSearchParams();
  for (const name of PARAMETERS) {
    const value = asked.get(name);
    if (value) query.set(name, value);
  }
  query.set('limit', String(PAGE_SIZE));
  const [filtersAnswer, listAnswer] = await Promise.allSettled([callApi('/api/v1/public/tender-filters'), callApi(`/api/v1/public/tenders?${query}`)]);
  filters = filtersAnswer.status === 'fulfilled' ? filtersAnswer.value : null;
  answer = listAnswer.status === 'fulfilled' ? listAnswer.value : null;
  failure = listAnswer.status === 'rejected' ? listAnswer.reason : null;
  document.documentElement.dataset.loaded = 'true';
}

await loadLegalTime();
for (const id of ['q', 'deadlineFrom', 'deadlineTo']) byId(id).value = asked.get(id) ?? '';
mountLanguageSwitch(byId('language-switch'), t);
// Empty fields stay out of the address: only the filters chosen are sent.
byId('filters').addEventListener('submit', (event) => {
  for (const field of event.target.elements) if (field.name && !field.value) field.disabled = true;
});
await load();
render();
onLanguageChange(render);
