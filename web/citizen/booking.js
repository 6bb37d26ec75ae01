/* global fetch, setInterval, clearInterval, window */
import { ApiError, callApi } from '../assets/api.js';
import { bookingOf, detailFieldsOf } from '../assets/case-types.js';
import { byId, el, showAlert } from '../assets/dom.js';
import { formatTime } from '../assets/format.js';
import { refusalReason } from '../assets/refusals.js';
import { createWeekView, slotText } from './week-view.js';

/**
 * The booking part of the request form, for a service whose case type books a seat (its
 * definition's `booking`): the office, how the meeting is held, and a slot from the week view.
 * Picking a slot holds a seat while the form is filled in; the hold goes with the submission.
 */
export function mountBooking({ t }) {
  const section = byId('booking');
  const officeSelect = byId('booking-office');
  const modalitySelect = byId('booking-modality');
  const holdText = byId('booking-hold');
  const countdown = byId('booking-countdown');
  const slotError = byId('booking-slot-error');
  const nextSection = byId('booking-next');

  let service = null;
  let offices = [];
  /** the slot picked, and the seat held on it while it lasts: { token, expiresAt } */
  let chosen = null;
  let hold = null;
  let timer = null;

  const week = createWeekView({ t, container: byId('booking-week'), onPick: pickSlot });

  function fieldOf(name) {
    return detailFieldsOf(service.caseType).find((field) => field.name === name);
  }

  /** The meeting modes this service allows (the catalogue says so), named as the definition names them. */
  function renderModalities() {
    const field = fieldOf(bookingOf(service.caseType).modalityField);
    byId('booking-modality-label').textContent = field?.label ?? '';
    const allowed = service.modalities ?? field?.choices.map((c) => c.value) ?? [];
    const kept = modalitySelect.value;
    modalitySelect.replaceChildren(...(field?.choices ?? []).filter((c) => allowed.includes(c.value)).map((c) => el('option', { text: c.label, attrs: { value: c.value } })));
    if (allowed.includes(kept)) modalitySelect.value = kept;
  }

  function renderOffice() {
    byId('booking-office-address').textContent = offices.find((o) => o.id === officeSelect.value)?.address ?? '';
  }

  function renderHold() {
    holdText.hidden = !chosen;
    countdown.hidden = !hold;
    if (!chosen) return;
    holdText.textContent = hold ? t('slotHeld', { slot: slotText(chosen), until: formatTime(hold.expiresAt) }) : t('slotChosen', { slot: slotText(chosen) });
    if (hold) {
      const seconds = Math.max(0, Math.round((Date.parse(hold.expiresAt) - Date.now()) / 1000));
      countdown.textContent = t('holdLeft', { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` });
    }
  }

  function render() {
    if (!service) return;
    byId('booking-slot-legend').textContent = fieldOf(bookingOf(service.caseType).slotField)?.label ?? '';
    renderModalities();
    renderOffice();
    renderHold();
    week.render();
  }

  /** Gives the held seat back (the citizen picked another slot, another service, or left). */
  function release() {
    clearInterval(timer);
    if (hold) fetch(`/api/v1/slot-holds/${encodeURIComponent(hold.token)}`, { method: 'DELETE', keepalive: true }).catch(() => {});
    hold = null;
  }

  function tick() {
    // An expired hold has freed its seat: the booking still takes it if nobody else did meanwhile.
    if (hold && Date.parse(hold.expiresAt) <= Date.now()) {
      clearInterval(timer);
      hold = null;
      showAlert(slotError, t('holdExpired'));
    }
    renderHold();
  }

  function showNextSlots(nextSlots) {
    nextSection.hidden = nextSlots.length === 0;
    byId('booking-next-slots').replaceChildren(
      ...nextSlots.map((slot) => {
        const button = el('button', { className: 'slot', text: slotText(slot), attrs: { type: 'button' } });
        button.addEventListener('click', () => pickSlot(slot));
        return button;
      }),
    );
  }

  async function pickSlot(slot) {
    release();
    showAlert(slotError, '');
    showNextSlots([]);
    chosen = null;
    try {
      const answer = await callApi(`/api/v1/slots/${encodeURIComponent(slot.id)}/holds`, { method: 'POST' });
      chosen = slot;
      hold = { token: answer.holdToken, expiresAt: answer.expiresAt };
      timer = setInterval(tick, 1000);
    } catch (err) {
      refused(err);
    }
    week.choose(chosen?.id ?? null);
    renderHold();
  }

  /** A refused hold or booking: why, and for a full slot the next free ones to pick from. */
  function refused(err) {
    showAlert(slotError, err instanceof ApiError && err.status !== 0 ? refusalReason(err) : t('unreachable'));
    if (err instanceof ApiError && err.code === 'slot_full') {
      chosen = null;
      showNextSlots(err.details.nextSlots ?? []);
      week.choose(null);
      week.reload();
      renderHold();
    }
  }

  async function loadOffices() {
    const serviceId = service.id;
    officeSelect.replaceChildren();
    try {
      const answer = await callApi(`/api/v1/offices?serviceId=${encodeURIComponent(serviceId)}`);
      if (service?.id !== serviceId) return;
      offices = answer.items;
      officeSelect.replaceChildren(...offices.map((o) => el('option', { text: o.name, attrs: { value: o.id } })));
      showAlert(slotError, offices.length === 0 ? t('noOffice') : '');
      showWeek();
    } catch (err) {
      refused(err);
    }
  }

  function showWeek() {
    release();
    chosen = null;
    showNextSlots([]);
    renderOffice();
    renderHold();
    if (officeSelect.value) week.show({ officeId: officeSelect.value, serviceId: service.id });
  }

  officeSelect.addEventListener('change', showWeek);
  window.addEventListener('pagehide', release);

  return {
    /** The detail fields this part fills for a case type: the form leaves them out of its own. */
    handles(caseType, name) {
      const booking = bookingOf(caseType);
      return booking !== null && (name === booking.slotField || name === booking.modalityField);
    },
    /** Follows the service chosen in the form: shown for one that books a seat, hidden (its hold given back) otherwise. */
    select(next) {
      const books = Boolean(next && bookingOf(next.caseType));
      if (books && next.id === service?.id) {
        render();
        return;
      }
      release();
      chosen = null;
      service = books ? next : null;
      section.hidden = !books;
      showAlert(slotError, '');
      if (!books) return;
      render();
      loadOffices();
    },
    /** The booking's details and hold, or the field to correct (no slot picked). */
    read() {
      if (!service) return { details: {} };
      const booking = bookingOf(service.caseType);
      if (!chosen) {
        showAlert(slotError, t('errSlot'));
        return { firstInvalid: section.querySelector('#booking-week button.slot') ?? officeSelect };
      }
      return {
        details: { [booking.slotField]: chosen.id, [booking.modalityField]: modalitySelect.value },
        ...(hold ? { holdToken: hold.token } : {}),
      };
    },
    refused,
    /** The booking is made: its hold became the appointment's seat. */
    booked() {
      clearInterval(timer);
      hold = null;
      chosen = null;
      week.choose(null);
      renderHold();
    },
    /** Starts again for the same service (a new request). */
    reset() {
      const current = service;
      service = null;
      this.select(current);
    },
    render,
  };
}
