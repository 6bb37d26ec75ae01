import { byId, el, showAlert } from '../assets/dom.js';
import { formatMoment } from '../assets/format.js';

/**
 * The applications allowed to submit complaints through Open311: the administrator issues a key
 * (shown once here, never again: only its hash is kept) and revokes one, after a confirmation.
 */
export function mountOpen311Clients({ t, session, describeError }) {
  const alert = byId('open311-alert');
  const issued = byId('open311-issued');
  let clients = [];
  let revoking = null;

  function render() {
    byId('open311-empty').hidden = clients.length > 0;
    byId('open311-rows').replaceChildren(
      ...clients.map((client) => {
        const cells = [
          el('td', { text: client.name, attrs: { dir: 'auto' } }),
          el('td', {}, [el('code', { text: `${client.keyPrefix}…`, attrs: { dir: 'ltr' } })]),
          el('td', { text: formatMoment(client.createdAt) }),
          el('td', { text: client.lastUsedAt ? formatMoment(client.lastUsedAt) : t('open311NeverUsed') }),
          el('td', { text: client.revokedAt ? t('open311Revoked', { date: formatMoment(client.revokedAt) }) : t('open311Active') }),
        ];
        const action = el('td');
        if (!client.revokedAt) {
          const revoke = el('button', { className: 'button small', text: t('open311Revoke'), attrs: { type: 'button', 'aria-label': t('open311RevokeNamed', { name: client.name }) } });
          revoke.addEventListener('click', () => ask(client));
          action.append(revoke);
        }
        return el('tr', {}, [...cells, action]);
      }),
    );
  }

  async function load() {
    try {
      clients = (await session.call('/api/v1/admin/open311-clients')).items;
      showAlert(alert, '');
      render();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
  }

  async function issue(event) {
    event.preventDefault();
    showAlert(alert, '');
    issued.hidden = true;
    const name = byId('open311-name').value.trim();
    if (!name) {
      showAlert(alert, t('errOpen311Name'));
      byId('open311-name').focus();
      return;
    }
    try {
      const answer = await session.call('/api/v1/admin/open311-clients', { method: 'POST', body: { name } });
      byId('open311-issued-text').textContent = t('open311Issued', { name: answer.client.name });
      byId('open311-key').value = answer.apiKey;
      issued.hidden = false;
      byId('open311-key').focus();
      byId('open311-key').select();
      byId('open311-name').value = '';
      await load();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
  }

  function ask(client) {
    revoking = client;
    byId('open311-confirm-text').textContent = t('open311RevokeConfirm', { name: client.name });
    byId('open311-confirm').hidden = false;
    byId('open311-no').focus();
  }

  async function revoke() {
    byId('open311-confirm').hidden = true;
    try {
      await session.call(`/api/v1/admin/open311-clients/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      showAlert(alert, describeError(err));
    }
    byId('open311-name').focus();
  }

  byId('open311-form').addEventListener('submit', issue);
  byId('open311-yes').addEventListener('click', revoke);
  byId('open311-no').addEventListener('click', () => {
    byId('open311-confirm').hidden = true;
    byId('open311-name').focus();
  });
  return { load, render };
}
