import { latestOnly } from '../assets/api.js';
import { showAlert } from '../assets/dom.js';

/**
 * Loads a list from the API into a panel: only the newest request's answer is shown, and a
 * refusal is shown in the panel's alert in the agent's language.
 */
export function listLoader({ request, alert, describeError, onItems }) {
  const read = latestOnly(request, (answer) => {
    showAlert(alert, '');
    onItems(answer.items);
  });
  return async function load() {
    try {
      await read();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
  };
}
