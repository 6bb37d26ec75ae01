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

/** An action of a case type: its label in the page's language and how its button stands out. */
export function actionOf(caseType, action) {
  const found = byType.get(caseType)?.actions.find((a) => a.action === action);
  return { label: found ? pick(found.label) : action, tone: found?.tone ?? null };
}
