// The rollback button, shown to users the server says may manage the model; it posts to the registry's
// POST /ajax-api/2.0/mlnb/registry/rollback {name, alias, reason}.
import { h, errorBox } from '../dom.js';
import { PREFIX, authFetch } from '../api.js';

export function rollbackButton(model, alias, err, done) {
  return h('button', { type: 'button', class: 'danger', onclick: async (e) => {
    const reason = prompt(`Roll @${alias} of ${model} back to its previous version? Reason:`, '');
    if (reason === null) return;
    e.target.disabled = true;
    try {
      const res = await authFetch(PREFIX + '/registry/rollback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: model, alias, reason }) });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body.message || `${res.status} ${res.statusText}`);
      done();
    } catch (x) {
      err.replaceChildren(errorBox(x));
      e.target.disabled = false;
    }
  } }, 'Roll back');
}
