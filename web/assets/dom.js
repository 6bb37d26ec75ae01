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
      ...details.map((d) => el('p', { className: 'timeline-detail', text: d })),
    ]);
  });
  list.replaceChildren(...items);
}
