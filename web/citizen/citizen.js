/* global document, window */
import { loadCaseTypes } from '../assets/case-types.js';
import { byId } from '../assets/dom.js';
import { loadLegalTime } from '../assets/format.js';
import { mountLanguageSwitch, translator } from '../assets/i18n.js';
import { CITIZEN_MESSAGES } from './messages.js';
import { mountRequestForm } from './request-form.js';
import { mountTracking } from './tracking.js';

// Times on this page are read in the platform's legal time, and forms and steps drawn from the case types: both first.
await Promise.all([loadLegalTime(), loadCaseTypes()]);

const t = translator(CITIZEN_MESSAGES);

/** The two sections are addressed by #demande and #suivi, so the back button and bookmarks work. */
function showSection({ focus }) {
  const tracking = window.location.hash === '#suivi';
  byId('request-section').hidden = tracking;
  byId('track-section').hidden = !tracking;
  for (const [id, active] of [['tab-request', !tracking], ['tab-track', tracking]]) {
    if (active) byId(id).setAttribute('aria-current', 'page');
    else byId(id).removeAttribute('aria-current');
  }
  if (focus) byId(tracking ? 'track-heading' : 'request-heading').focus();
}

mountLanguageSwitch(byId('language-switch'), t);
const tracking = mountTracking({ t });
mountRequestForm({
  t,
  onFollow: (credentials) => {
    window.location.hash = '#suivi';
    tracking.show(credentials);
  },
});
window.addEventListener('hashchange', () => showSection({ focus: document.activeElement?.classList.contains('tab') }));
showSection({ focus: false });
