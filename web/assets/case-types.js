import { callApi } from './api.js';
import { pick } from './i18n.js';

/** The case types as their definitions declare them (GET /api/v1/case-types): pages keep no per-type words. */
let byType = new Map();

export async function loadCaseTypes() {
  try {
    byType = new Map((await callApi('/api/v1/case-types')).items.map((definition) => [definition.caseType, definition]));
  } catch {
    byType = new Map();
  }
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
  const fields = Object.entries(properties)
    .filter(([name]) => !TEXT_FIELDS.includes(name))
    .map(([name, schema]) => ({
      name,
      required: required.includes(name),
      kind: schema.enum ? 'choice' : schema.type === 'integer' ? 'number' : 'text',
      choices: (schema.enum ?? []).map((value) => ({ value, label: pick(found.choices?.[name]?.[value]) || value })),
      min: schema.minimum,
      max: schema.maximum,
    }));
  const text = TEXT_FIELDS.find((name) => required.includes(name)) ?? TEXT_FIELDS.find((name) => name in properties) ?? null;
  return { label: found ? pick(found.label) : action, tone: found?.tone ?? null, text, textRequired: text !== null && required.includes(text), fields };
}
