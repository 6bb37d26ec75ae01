import { actionOf } from './case-types.js';
import { byId, el } from './dom.js';

/*
 * A step as its case type's definition declares it: a button, with the fields its payload schema
 * names (a legal ground, a rating, an entity) beside it; the message or reason it needs is typed in
 * the page's one text box. Shared by the citizen and the staff pages, which keep no per-type code.
 */

function fieldInput(action, field) {
  const id = `field-${action}-${field.name}`;
  const input =
    field.kind === 'choice'
      ? el('select', { attrs: { id } }, [el('option', { text: '—', attrs: { value: '' } }), ...field.choices.map((c) => el('option', { text: c.label, attrs: { value: c.value } }))])
      : el('input', {
          attrs: {
            id,
            type: field.kind === 'number' ? 'number' : 'text',
            dir: 'auto',
            ...(field.min !== undefined ? { min: String(field.min) } : {}),
            ...(field.max !== undefined ? { max: String(field.max) } : {}),
          },
        });
  return el('label', { className: 'step-field' }, [field.label, input]);
}

/** The button of `action` (and its fields); `onTake` is called on click. */
export function stepControl(caseType, action, { onTake, disabled = false }) {
  const step = actionOf(caseType, action);
  const button = el('button', { className: `button${step.tone ? ` ${step.tone}` : ''}`, text: step.label, attrs: { type: 'button', 'data-action': action } });
  button.disabled = disabled;
  button.addEventListener('click', () => onTake(action));
  const fields = step.fields.map((field) => fieldInput(action, field));
  return fields.length > 0 ? el('div', { className: 'step-with-fields' }, [...fields, button]) : button;
}

/**
 * The body of `action` from its fields and the text typed, or what is missing: `{ missing: 'text' }`
 * (with `text` naming message or reason) or `{ missing: 'field', input }`.
 */
export function readStep(caseType, action, typed) {
  const step = actionOf(caseType, action);
  const text = typed.trim();
  if (step.textRequired && !text) return { missing: 'text', text: step.text };
  const body = step.text && text ? { [step.text]: text } : {};
  for (const field of step.fields) {
    const input = byId(`field-${action}-${field.name}`);
    const value = input?.value.trim() ?? '';
    if (!value) {
      if (field.required) return { missing: 'field', input };
      continue;
    }
    body[field.name] = field.kind === 'number' ? Number(value) : value;
  }
  return { body, usedText: Boolean(step.text && text) };
}

/**
 * Puts a case's step controls in `container`, keeping what was already chosen or typed in their
 * fields: the case is re-rendered whenever an event arrives, which must not undo a choice.
 */
export function replaceSteps(container, controls) {
  const kept = new Map([...container.querySelectorAll('[id^="field-"]')].map((input) => [input.id, input.value]));
  container.replaceChildren(...controls);
  for (const input of container.querySelectorAll('[id^="field-"]')) {
    const value = kept.get(input.id);
    if (value) input.value = value;
  }
}
