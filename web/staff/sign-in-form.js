import { ApiError } from '../assets/api.js';
import { byId, showAlert } from '../assets/dom.js';
import { refusalReason } from '../assets/refusals.js';

/**
 * The staff sign-in form (#signin-form, #username, #password, #signin-alert) the staff page and the
 * dashboard share: refusals said in the page's language, then `onSignedIn` once the session holds the user.
 */
export function mountSignInForm({ session, t, onSignedIn }) {
  byId('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const alert = byId('signin-alert');
    const username = byId('username').value.trim();
    const password = byId('password').value;
    if (!username || !password) {
      showAlert(alert, t('errSignInFields'));
      return;
    }
    const button = event.submitter;
    button.disabled = true;
    button.textContent = t('signingIn');
    try {
      await session.signIn(username, password);
      byId('password').value = '';
      showAlert(alert, '');
      onSignedIn();
    } catch (err) {
      showAlert(alert, err instanceof ApiError && err.status !== 0 ? t('signInRefused', { message: refusalReason(err) }) : t('unreachable'));
      byId('password').select();
    } finally {
      button.disabled = false;
      button.textContent = t('signIn');
    }
  });
}
