import { byId, showAlert } from '../assets/dom.js';

/**
 * The administrator closes the office chosen above for a day: a confirmation first (every
 * appointment of that day is cancelled, which cannot be undone), then the count of slots closed
 * and appointments cancelled.
 */
export function mountOfficeClosure({ t, session, describeError, office, onClosed }) {
  const alert = byId('closure-alert');
  const notice = byId('closure-notice');
  const confirmBox = byId('closure-confirm');
  let pending = null;

  function ask(event) {
    event.preventDefault();
    showAlert(alert, '');
    showAlert(notice, '');
    const date = byId('closure-date').value;
    const reason = byId('closure-reason').value.trim();
    const missing = !date ? 'closure-date' : reason.length < 3 ? 'closure-reason' : null;
    if (missing) {
      showAlert(alert, t(missing === 'closure-date' ? 'errClosureDate' : 'errClosureReason'));
      byId(missing).focus();
      return;
    }
    pending = { officeId: office().id, body: { date, reason } };
    byId('closure-confirm-text').textContent = t('closureConfirm', { office: office().name, date });
    confirmBox.hidden = false;
    byId('closure-no').focus();
  }

  async function close() {
    const { officeId, body } = pending;
    confirmBox.hidden = true;
    try {
      const result = await session.call(`/api/v1/admin/offices/${encodeURIComponent(officeId)}/closures`, { method: 'POST', body });
      showAlert(notice, t('closureDone', { date: result.date, slots: result.slotsClosed, appointments: result.appointmentsCancelled }));
      byId('closure-reason').value = '';
      onClosed();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
    byId('closure-date').focus();
  }

  byId('closure-form').addEventListener('submit', ask);
  byId('closure-yes').addEventListener('click', close);
  byId('closure-no').addEventListener('click', () => {
    confirmBox.hidden = true;
    byId('closure-date').focus();
  });
}
