// Usage and cost: per user and per run, CPU seconds, GPU seconds, wall time and stored bytes (what `mlnb usage --runs`
// prints), over the runs the caller may read; `?user=NAME` and `?since=DATE` narrow it, and stay in the URL.
import { get } from '../api.js';
import { h, fmtTime, fmtBytes, badge } from '../dom.js';
import { replaceQuery } from '../router.js';

const sec = (v) => Number(v).toFixed(1);

export async function usagePage(main, params, q, stale) {
  const data = await get('/ui/usage', { user: q.user, since: q.since });
  if (stale()) return;
  const users = data.users || [];
  const runs = data.runs || [];
  const userBox = h('input', { type: 'search', name: 'user', placeholder: 'user', value: q.user || '', 'aria-label': 'User' });
  const sinceBox = h('input', { type: 'search', name: 'since', placeholder: 'since (2026-12-01)', value: q.since || '', 'aria-label': 'Since' });
  const form = h('form', { class: 'toolbar', onsubmit: (e) => {
    e.preventDefault();
    const next = { user: userBox.value.trim() || undefined, since: sinceBox.value.trim() || undefined };
    replaceQuery(next);
    usagePage(main, params, next, stale);
  } }, userBox, sinceBox, h('button', { type: 'submit', class: 'primary' }, 'Show'));
  const total = (k) => users.reduce((s, u) => s + u[k], 0);
  main.replaceChildren(h('section', { class: 'content' },
    h('h1', {}, 'Usage and cost'),
    h('div', { class: 'sub' }, h('span', {}, `${users.length} user${users.length === 1 ? '' : 's'}, ${runs.length} run${runs.length === 1 ? '' : 's'}`),
      h('span', {}, `${sec(total('cpu_seconds'))} CPU s`), h('span', {}, `${sec(total('gpu_seconds'))} GPU s`), h('span', {}, fmtBytes(total('stored_bytes')))),
    form,
    users.length ? h('div', { class: 'tablewrap' }, h('table', { class: 'grid', id: 'usage-users' },
      h('thead', {}, h('tr', {}, ['User', 'Runs', 'CPU s', 'GPU s', 'Wall s', 'Stored'].map((t) => h('th', {}, t)))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-user': u.user },
        h('td', {}, h('a', { href: `#/usage?user=${encodeURIComponent(u.user)}` }, u.user)), h('td', {}, String(u.runs)),
        h('td', {}, sec(u.cpu_seconds)), h('td', {}, sec(u.gpu_seconds)), h('td', {}, sec(u.wall_seconds)), h('td', {}, fmtBytes(u.stored_bytes)))))))
      : h('div', { class: 'panel empty' }, 'No runs yet. Runs record their CPU seconds when they end (', h('code', {}, '#!track end'), ').'),
    runs.length ? h('div', { class: 'tablewrap' }, h('table', { class: 'grid', id: 'usage-runs' },
      h('thead', {}, h('tr', {}, ['Run', 'User', 'Status', 'Started', 'CPU s', 'GPU s', 'Wall s', 'Stored'].map((t) => h('th', {}, t)))),
      h('tbody', {}, runs.map((r) => h('tr', { 'data-run': r.run_id },
        h('td', {}, h('a', { href: `#/runs/${r.run_id}` }, r.run_name || r.run_id)), h('td', {}, r.user), h('td', {}, badge(r.status)),
        h('td', {}, fmtTime(r.start_time)), h('td', {}, sec(r.cpu_seconds)), h('td', {}, sec(r.gpu_seconds)), h('td', {}, sec(r.wall_seconds)),
        h('td', {}, fmtBytes(r.stored_bytes)))))))
      : null,
    h('p', { class: 'muted' }, 'GPU seconds come from runs that trained on a GPU. The same figures: ', h('code', {}, 'mlnb usage --runs'), '.')));
}
