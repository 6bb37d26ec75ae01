/* global document, window, URLSearchParams */
import { ApiError, callApi } from '../assets/api.js';
import { byId, el, showAlert } from '../assets/dom.js';
import { formatDay, formatTime, loadLegalTime } from '../assets/format.js';
import { language, mountLanguageSwitch, onLanguageChange, pick, translator } from '../assets/i18n.js';
import { TENDER_MESSAGES } from './messages.js';
import { buyerOf, formatAmount, formatCivil, formatSize, objectOf } from './tender-format.js';

const t = translator(TENDER_MESSAGES);
// The page's address carries the reference as one percent-encoded value: ?ref=AO%20N%C2%B0%2012%2F2026%2FMJ
const reference = new URLSearchParams(window.location.search).get('ref') ?? '';
let tender = null;
let failure = null;

/** "lundi 18 janvier 2027 à 10:00 (heure du Maroc)", in the page's language. */
function moment(instant) {
  return `${formatDay(instant)} — ${formatTime(instant)} (${t('moroccoTime')})`;
}

function text(id, value, lang) {
  const node = byId(id);
  node.textContent = value;
  if (lang) node.lang = lang;
  else node.removeAttribute('lang');
}

function render() {
  showAlert(byId('alert'), failure === null ? '' : failure instanceof ApiError && (failure.status === 404 || failure.status === 400) ? t('notFound') : t('failed'));
  byId('tender').hidden = tender === null;
  if (tender === null) return;
  document.title = t('detailTitle', { reference: tender.reference });
  const object = objectOf(tender);
  const buyer = buyerOf(tender);
  text('reference', tender.reference);
  const status = byId('status');
  status.textContent = pick(tender.labels.status);
  status.dataset.status = tender.status;
  text('object', object.text, object.lang);
  text('buyer', buyer.text, buyer.lang);
  text('category', pick(tender.labels.category));
  text('procedure', pick(tender.labels.procedure));
  text('published', formatCivil(tender.publishedOn));
  text('deadline', moment(tender.deadlineAt));
  text('opening', t('openingAt', { date: moment(tender.openingAt), place: tender.openingPlace }));
  text('estimate', formatAmount(tender.estimateCentimes) ?? t('notGiven'));
  text('guarantee', formatAmount(tender.guaranteeCentimes) ?? t('notGiven'));

  const outcome = tender.award ?? tender.cancellation;
  byId('outcome').hidden = !outcome;
  byId('outcome-reason').hidden = !tender.cancellation?.reason;
  if (tender.cancellation) {
    text('outcome-text', t('cancelled', { date: formatCivil(tender.cancellation.cancelledOn) }));
    if (tender.cancellation.reason) text('outcome-reason', t('cancelledReason', { reason: tender.cancellation.reason }));
  } else if (tender.award) {
    text('outcome-text', t('awardText', { date: formatCivil(tender.award.awardedOn), awardee: tender.award.awardee, amount: formatAmount(tender.award.amountCentimes) }));
  }
  byId('calendar').href = `${tender.links.calendar}?lang=${language()}`;

  byId('no-lots').hidden = tender.lots.length > 0;
  byId('lots-wrap').hidden = tender.lots.length === 0;
  byId('lots').replaceChildren(
    ...tender.lots.map((lot) =>
      el('tr', {}, [
        el('td', { text: String(lot.number) }),
        el('td', { text: language() === 'ar' ? lot.objects.ar : lot.objects.fr, attrs: { lang: language() === 'ar' ? 'ar' : 'fr', dir: 'auto' } }),
        el('td', { className: 'nowrap', text: formatAmount(lot.estimateCentimes) ?? t('notGiven') }),
        el('td', { className: 'nowrap', text: formatAmount(lot.guaranteeCentimes) ?? t('notGiven') }),
      ]),
    ),
  );
  byId('no-documents').hidden = tender.documents.length > 0;
  byId('documents').replaceChildren(
    ...tender.documents.map((doc) =>
      el('li', {}, [el('a', { text: t('download', { name: doc.fileName, size: formatSize(doc.sizeBytes, t) }), attrs: { href: doc.url, download: doc.fileName } })]),
    ),
  );
}

await loadLegalTime();
mountLanguageSwitch(byId('language-switch'), t);
try {
  if (!reference) throw new ApiError(404, 'not_found', '');
  tender = await callApi(`/api/v1/public/tenders/${encodeURIComponent(reference)}`);
} catch (error) {
  failure = error;
}
render();
document.documentElement.dataset.loaded = 'true';
onLanguageChange(render);
