import { actionOf, bookingOf, detailFieldsOf, isTerminal } from '../assets/case-types.js';
import { byId, el, setTextWithCode } from '../assets/dom.js';
import { formatCivilDay, formatMoment } from '../assets/format.js';
import { language } from '../assets/i18n.js';
import { downloadCaseDocument, fetchCaseFile } from './documents.js';
import { createWeekView, slotText } from './week-view.js';

/*
 * The steps of a booking that name a slot, by where the slot comes from: a free slot picked in the
 * week (move there), a full one (wait for a seat on it), or the seat a waiting list offers, which
 * the case's facts name. Their labels and whether they are possible now come from the definition
 * and the case; only where their slot comes from is said here.
 */
const TO_FREE_SLOT = 'reschedule';
const TO_FULL_SLOT = 'join_waitlist';
const TO_OFFERED_SLOT = 'claim_seat';

/** Where a meeting is held, as the citizen reads it: its video room once issued, else the office and its address. */
function placeOf(facts) {
  return facts.meetingUrl ?? [facts.officeName, facts.address].filter(Boolean).join(', ');
}

/** "lundi 4 janvier 2027, 10:00–10:30 — Guichet, 1 rue…" for a case that books a seat; '' otherwise. */
export function appointmentText(facts, caseType) {
  if (!bookingOf(caseType) || !facts?.localDate) return '';
  return `${formatCivilDay(facts.localDate)}, ${facts.localStart}–${facts.localEnd} — ${placeOf(facts)}`;
}

/**
 * The appointment of a case that books a seat, on the case page: when and where (the video link
 * once confirmed), the QR code to show at the office, the calendar file, another slot of the same
 * service and office from the week view (or the waiting list of a full one), and the seat a
 * waiting list offers. `take(action, body)` takes a step and says whether it went through;
 * `onError(err)` says why a file of the case could not be had.
 */
export function mountAppointment({ t, take, onError }) {
  const section = byId('appointment');
  const picker = byId('appointment-picker');
  const pickButton = byId('appointment-pick');
  const choice = byId('appointment-choice');

  let current = null;
  let credentials = null;
  let qr = null;
  /** the slot picked in the week, kept across the re-renders live events cause */
  let picked = null;

  const week = createWeekView({ t, container: byId('appointment-week'), onPick: pickSlot, pickFull: true });
  const can = (action) => current?.availableActions.includes(action) ?? false;
  const labelOf = (action) => actionOf(current.caseType, action).label;

  /** The step a slot leads to: moving to it when it has a seat, waiting for one when it is full. */
  function stepFor(slot) {
    const action = slot.seatsLeft > 0 ? TO_FREE_SLOT : TO_FULL_SLOT;
    return can(action) ? action : null;
  }

  function renderChoice() {
    choice.hidden = !picked;
    if (!picked) return;
    const action = stepFor(picked);
    byId('appointment-choice-text').textContent = t(picked.seatsLeft > 0 ? 'moveTo' : 'slotIsFull', { slot: slotText(picked) });
    const button = byId('appointment-choice-take');
    button.hidden = !action;
    if (action) button.textContent = labelOf(action);
  }

  function pickSlot(slot) {
    picked = slot;
    week.choose(slot.id);
    renderChoice();
    const button = byId('appointment-choice-take');
    (button.hidden ? byId('appointment-choice-drop') : button).focus();
  }

  function closePicker() {
    picked = null;
    picker.hidden = true;
    pickButton.setAttribute('aria-expanded', 'false');
  }

  function renderPlace(facts) {
    const place = byId('appointment-place');
    if (facts.meetingUrl) {
      place.replaceChildren(el('a', { text: facts.meetingUrl, attrs: { href: facts.meetingUrl, target: '_blank', rel: 'noopener noreferrer', dir: 'ltr' } }));
    } else {
      // A video room is issued on confirmation: until then there is no place to show for a video meeting.
      place.textContent = facts.modality === 'video' ? t('linkAtConfirmation') : placeOf(facts);
    }
  }

  /**
   * The QR code of the confirmation, fetched once per case with the access token and shown as a
   * data: address (the pages' content security policy admits images from the site or data:, not blob:).
   */
  async function renderQr(ended) {
    const figure = byId('appointment-qr');
    figure.hidden = ended;
    setTextWithCode(byId('appointment-qr-caption'), t('qrCaption', { code: '{code}' }), current.trackingCode);
    byId('appointment-qr-image').alt = t('qrAlt', { code: current.trackingCode });
    if (ended || qr?.code === current.trackingCode) return;
    const svg = await (await fetchCaseFile(credentials, 'checkin-qr.svg')).text();
    qr = { code: current.trackingCode, url: `data:image/svg+xml,${encodeURIComponent(svg)}` };
    byId('appointment-qr-image').src = qr.url;
  }

  function renderOffer(facts) {
    const offered = can(TO_OFFERED_SLOT) && Boolean(facts.offerSlotId);
    byId('appointment-offer').hidden = !offered;
    if (!offered) return;
    byId('appointment-offer-text').textContent = t('offerText', { day: formatCivilDay(facts.offerDate), start: facts.offerStart, until: formatMoment(facts.offerUntil) });
    byId('appointment-claim').textContent = labelOf(TO_OFFERED_SLOT);
  }

  function render() {
    const booking = current && bookingOf(current.caseType);
    const facts = current?.facts ?? {};
    section.hidden = !booking || !facts.localDate;
    if (section.hidden) return;
    const modality = detailFieldsOf(current.caseType).find((field) => field.name === booking.modalityField);
    byId('appointment-date').textContent = formatCivilDay(facts.localDate);
    byId('appointment-time').textContent = `${facts.localStart}–${facts.localEnd}`;
    byId('appointment-modality-label').textContent = modality?.label ?? '';
    byId('appointment-modality').textContent = modality?.choices.find((c) => c.value === facts.modality)?.label ?? facts.modality ?? '';
    renderPlace(facts);
    renderOffer(facts);
    const movable = can(TO_FREE_SLOT) || can(TO_FULL_SLOT);
    pickButton.hidden = !movable;
    pickButton.textContent = t('pickAnotherSlot');
    if (!movable) closePicker();
    renderChoice();
    week.render();
    renderQr(isTerminal(current.caseType, current.status)).catch(() => {
      byId('appointment-qr').hidden = true;
    });
  }

  async function takeSlot(action, slotId) {
    const done = await take(action, { slotId });
    if (done) {
      closePicker();
      byId('appointment-heading').focus();
    } else if (!picker.hidden) {
      picked = null;
      renderChoice();
      week.reload();
    }
  }

  pickButton.addEventListener('click', () => {
    if (!picker.hidden) {
      closePicker();
      return;
    }
    picker.hidden = false;
    pickButton.setAttribute('aria-expanded', 'true');
    week.show({ officeId: current.facts.officeId, serviceId: current.facts.serviceId, exclude: current.facts.slotId });
    renderChoice();
  });
  byId('appointment-choice-take').addEventListener('click', () => {
    const action = picked && stepFor(picked);
    if (action) takeSlot(action, picked.id);
  });
  byId('appointment-choice-drop').addEventListener('click', () => {
    picked = null;
    week.choose(null);
    renderChoice();
    pickButton.focus();
  });
  byId('appointment-claim').addEventListener('click', () => takeSlot(TO_OFFERED_SLOT, current.facts.offerSlotId));
  byId('appointment-ics').addEventListener('click', async () => {
    try {
      await downloadCaseDocument(credentials, `appointment.ics?lang=${language()}`, 'rendez-vous');
    } catch (err) {
      onError(err);
    }
  });

  return {
    /** Shows the appointment of the case followed (or hides the section for a case without one). */
    show(next, nextCredentials) {
      if (next?.trackingCode !== current?.trackingCode) closePicker();
      current = next;
      credentials = nextCredentials;
      render();
    },
  };
}
