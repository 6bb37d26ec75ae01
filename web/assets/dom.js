/* global document */
import { describeEvent } from './case-words.js';
import { formatMoment } from './format.js';

/** Builds an element; text is always set as text, never parsed as HTML, so API data cannot inject markup. */
export function el(tag, { className, text, attrs = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page lacks #${id}`);
  return node;
}

/** Sets a sentence containing a tracking code (`{code}` in `template`), keeping the code on one line and left to right. */
export function setTextWithCode(node, template, code) {
  const [before, after = ''] = template.split('{code}');
  node.replaceChildren(before, el('span', { className: 'code', text: code }), after);
}

const ISO_DATE_OR_TIME = /\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?/g;

/**
 * Sets a sentence the API wrote (an explanation, a notice) with each ISO date in it isolated and
 * kept on one line: in an Arabic paragraph a date would otherwise break at its hyphens.
 */
export function setTextWithDates(node, text) {
  const parts = [];
  let last = 0;
  for (const match of (text ?? '').matchAll(ISO_DATE_OR_TIME)) {
    parts.push(text.slice(last, match.index), el('bdi', { className: 'nowrap', text: match[0], attrs: { dir: 'ltr' } }));
    last = match.index + match[0].length;
  }
  parts.push((text ?? '').slice(last));
  node.replaceChildren(...parts.filter((part) => part !== ''));
}

/** Shows `message` in an alert region (screen readers announce it), or hides the region when empty. */
export function showAlert(region, message) {
  region.textContent = message;
  region.hidden = !message;
}

/** Replaces the children of `list` with the case's events, newest first. */
export function renderTimeline(list, events, options) {
  const items = [...events].reverse().map((event) => {
    const { title, by, details } = describeEvent(event, options);
    const time = el('time', { text: formatMoment(event.occurredAt), attrs: { datetime: event.occurredAt } });
    return el('li', { className: 'timeline-item', attrs: { 'data-event-id': event.id } }, [
      el('p', { className: 'timeline-title' }, [el('strong', { text: title }), ...(by ? [` — ${by}`] : [])]),
      time,
      // What people wrote keeps its own direction (a French message in an Arabic page).
      ...details.map((d) => el('p', { className: 'timeline-detail', text: d, attrs: { dir: 'auto' } })),
    ]);
  });
  list.replaceChildren(...items);
}
