/* global URLSearchParams */
import { ApiError, callApi, latestOnly } from '../assets/api.js';
import { el } from '../assets/dom.js';
import { addDays, formatCivilShortDay, legalToday } from '../assets/format.js';
import { refusalReason } from '../assets/refusals.js';

/** "lun. 4 janv., 10:00–10:30": a slot named outside the week it belongs to. */
export function slotText(slot) {
  return `${formatCivilShortDay(slot.localDate)}, ${slot.localStart}–${slot.localEnd}`;
}

/**
 * A week of one service's slots at one office, day by day, with the previous and next weeks a
 * click away. Free slots are buttons that call `onPick(slot)`; full slots are buttons too when
 * `pickFull` (an appointment can join their waiting list), else plain text. `exclude` leaves a slot
 * out (the one the appointment already has).
 */
export function createWeekView({ t, container, onPick, pickFull = false }) {
  let where = null;
  let week = 0;
  let slots = [];
  let state = 'idle';
  let chosenId = null;

  const previous = el('button', { className: 'button small', attrs: { type: 'button' } });
  const next = el('button', { className: 'button small', attrs: { type: 'button' } });
  const range = el('p', { className: 'week-range', attrs: { 'aria-live': 'polite' } });
  const days = el('div', { className: 'week-days' });
  container.replaceChildren(el('div', { className: 'week-nav' }, [previous, range, next]), days);

  const from = () => addDays(legalToday(), week * 7);

  function slotButton(slot) {
    const full = slot.seatsLeft < 1;
    const label = `${slot.localStart}–${slot.localEnd}`;
    const seats = full ? t('slotFull') : t('seatsLeft', { n: slot.seatsLeft });
    if (full && !pickFull) return el('span', { className: 'slot full' }, [el('span', { text: label, attrs: { dir: 'ltr' } }), el('span', { text: ` · ${seats}` })]);
    const button = el('button', {
      className: `slot${full ? ' full' : ''}`,
      attrs: { type: 'button', 'aria-pressed': String(slot.id === chosenId), 'aria-label': `${formatCivilShortDay(slot.localDate)} ${label}, ${seats}` },
    }, [el('span', { text: label, attrs: { dir: 'ltr' } }), el('small', { text: seats })]);
    button.addEventListener('click', () => onPick(slot));
    return button;
  }

  function render() {
    const start = from();
    previous.textContent = t('previousWeek');
    next.textContent = t('nextWeek');
    previous.disabled = week === 0 || state === 'loading';
    next.disabled = state === 'loading';
    range.textContent = t('weekOf', { from: formatCivilShortDay(start), to: formatCivilShortDay(addDays(start, 6)) });
    // Grouped by hand: Map.groupBy is too recent for the phones many citizens have.
    const byDay = new Map();
    for (const slot of slots) byDay.set(slot.localDate, [...(byDay.get(slot.localDate) ?? []), slot]);
    const message = state === 'loading' ? t('loading') : state === 'failed' ? t('slotsUnavailable') : state === 'shown' && byDay.size === 0 ? t('noSlotsThisWeek') : '';
    days.replaceChildren(
      ...(message ? [el('p', { className: 'empty', text: message })] : []),
      ...[...byDay].map(([day, daySlots]) =>
        el('section', { className: 'week-day' }, [el('h4', { text: formatCivilShortDay(day) }), el('div', { className: 'slots' }, daySlots.map(slotButton))]),
      ),
    );
  }

  const read = latestOnly(
    () => {
      const start = from();
      const query = new URLSearchParams({ serviceId: where.serviceId, from: start, to: addDays(start, 6) });
      return callApi(`/api/v1/offices/${encodeURIComponent(where.officeId)}/slots?${query}`);
    },
    (answer) => {
      slots = answer.items.filter((slot) => slot.id !== where.exclude);
      state = 'shown';
      render();
    },
  );

  async function load() {
    if (!where) return;
    state = 'loading';
    render();
    try {
      await read();
    } catch (err) {
      state = 'failed';
      slots = [];
      render();
      if (err instanceof ApiError && err.status !== 0) range.textContent = refusalReason(err);
    }
  }

  previous.addEventListener('click', () => {
    week = Math.max(0, week - 1);
    load();
  });
  next.addEventListener('click', () => {
    week += 1;
    load();
  });

  render();
  return {
    /** Shows the first week of a service's slots at an office. */
    show(next) {
      where = next;
      week = 0;
      chosenId = null;
      load();
    },
    /** Marks the slot the citizen holds. */
    choose(slotId) {
      chosenId = slotId;
      render();
    },
    reload: load,
    render,
  };
}
