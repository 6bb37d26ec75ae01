import { callApi } from './api.js';
import { pick } from './i18n.js';

/** The case types as their definitions declare them (GET /api/v1/case-types): pages keep no per-type words. */
let byType = new Map();
/** How finished cases ended (granted, refused…), named once for every type. */
let outcomeLabels = new Map();

export async function loadCaseTypes() {
  try {
    const answer = await callApi('/api/v1/case-types');
    byType = new Map(answer.items.map((definition) => [definition.caseType, definition]));
    outcomeLabels = new Map((answer.outcomes ?? []).map((o) => [o.outcome, o.label]));
  } catch {
    byType = new Map();
    outcomeLabels = new Map();
  }
}

/** Every registered case type, in the order the API serves them. */
export function caseTypeNames() {
  return [...byType.keys()];
}

/** What a case type is called, in the page's language (its code when the definitions could not be read). */
export function caseTypeLabel(caseType) {
  return pick(byType.get(caseType)?.label) || caseType;
}

/** What an outcome is called, in the page's language. */
export function outcomeLabel(outcome) {
  return pick(outcomeLabels.get(outcome)) || outcome;
}

/** What a named clock is called: the clock of this type, or, without a type, the first type that has one of that name. */
export function clockLabel(clock, caseType = undefined) {
  const types = caseType ? [byType.get(caseType)] : [...byType.values()];
  for (const definition of types) {
    const found = definition?.clocks.find((c) => c.name === clock);
    if (found) return pick(found.label);
  }
  return clock;
}

/** The free-text fields every step may carry, typed in the page's one text box. */
const TEXT_FIELDS = ['message', 'reason'];

/**
 * An action of a case type: its label in the page's language, how its button stands out, the text
 * field it cannot go without (if any), and its other fields (a legal ground, a rating, an entity)
 * as its payload schema declares them, each with the labels of its choices.
 */
export function actionOf(caseType, action) {
  const found = byType.get(caseType)?.actions.find((a) => a.action === action);
  const properties = found?.payload?.properties ?? {};
  const required = found?.payload?.required ?? [];
  const isText = (name) => TEXT_FIELDS.includes(name) && properties[name] && !properties[name].enum;
  const fields = Object.entries(properties)
    .filter(([name]) => !isText(name))
    .map(([name, schema]) => ({
      name,
      label: pick(found.fields?.[name]) || name,
      required: required.includes(name),
      kind: schema.enum ? 'choice' : schema.type === 'integer' ? 'number' : 'text',
      choices: (schema.enum ?? []).map((value) => ({ value, label: pick(found.choices?.[name]?.[value]) || value })),
      min: schema.minimum,
      max: schema.maximum,
    }));
  const text = TEXT_FIELDS.find((name) => isText(name) && required.includes(name)) ?? TEXT_FIELDS.find(isText) ?? null;
  return { label: found ? pick(found.label) : action, tone: found?.tone ?? null, text, textRequired: text !== null && required.includes(text), fields };
}

/** A case type's submission fields (details), as its definition declares and names them, in form order. */
export function detailFieldsOf(caseType) {
  const definition = byType.get(caseType);
  const schema = definition?.submission?.details ?? {};
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  return Object.entries(definition?.submission?.fields ?? {})
    .filter(([name]) => name in properties)
    .map(([name, field]) => {
      const property = properties[name];
      return {
        name,
        label: pick(field.label),
        required: required.includes(name),
        kind: property.enum ? 'choice' : property.type === 'boolean' ? 'yes_no' : (property.maxLength ?? 0) > 300 ? 'long_text' : 'text',
        choices: (property.enum ?? []).map((value) => ({ value, label: pick(field.choices?.[value]) || value })),
        maxLength: property.maxLength,
      };
    });
}

/** Whether citizens file this case type themselves (not one opened by another case). */
export function isSubmittable(caseType) {
  const definition = byType.get(caseType);
  return definition !== undefined && !definition.linkedOnly;
}

/** The named clocks of a case type, with their labels. */
export function clocksOf(caseType) {
  return byType.get(caseType)?.clocks ?? [];
}

/** How a case type books a seat ({ slotField, modalityField }), or null when it books none. */
export function bookingOf(caseType) {
  return byType.get(caseType)?.booking ?? null;
}

/** Whether a step of a case type names a slot (its booking's slot field): it is taken by picking a slot, not by typing. */
export function takesSlot(caseType, action) {
  const booking = bookingOf(caseType);
  const found = byType.get(caseType)?.actions.find((a) => a.action === action);
  return booking !== null && Boolean(found?.payload?.properties?.[booking.slotField]);
}

/** Whether a status of a case type ends the case. */
export function isTerminal(caseType, status) {
  return byType.get(caseType)?.statuses.find((s) => s.status === status)?.terminal ?? false;
}

/** The roles a staff step is for when its definition names none. */
const DEFAULT_STEP_ROLES = ['handler', 'supervisor'];

/**
 * The steps staff in `role` may take on a case of this type in `status`, as its definition says:
 * those needing nothing beyond the text box; a step needing a slot or another field is taken from the case panel.
 */
export function staffStepsFor(caseType, status, role) {
  return (byType.get(caseType)?.actions ?? [])
    .filter((a) => a.actors.includes('staff') && a.from.includes(status) && (a.roles ?? DEFAULT_STEP_ROLES).includes(role))
    .filter((a) => actionOf(caseType, a.action).fields.every((field) => !field.required))
    .map((a) => a.action);
}
