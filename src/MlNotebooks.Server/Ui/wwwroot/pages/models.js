// The model registry: models, then one model's aliases (with history and rollback), gates, versions, approvals, audit.
import { get } from '../api.js';
import { h, fmtTime, fmtAgo, badge, errorBox } from '../dom.js';
import { rollbackButton } from './rollback.js';

const aliasBadge = (a) => h('span', { class: 'badge alias' }, '@' + a);

export async function modelsPage(main, params, q, stale) {
  const data = await get('/ui/models');
  if (stale()) return;
  const models = data.registered_models || [];
  main.replaceChildren(h('section', { class: 'content' },
    h('h1', {}, 'Registered models'),
    h('div', { class: 'sub' }, h('span', {}, `${models.length} model${models.length === 1 ? '' : 's'}`)),
    models.length ? h('div', { class: 'tablewrap' }, h('table', { class: 'grid', id: 'models' },
      h('thead', {}, h('tr', {}, ['Name', 'Latest version', 'Aliases', 'Last updated', 'Description'].map((t) => h('th', {}, t)))),
      h('tbody', {}, models.map((m) => h('tr', {},
        h('td', {}, h('a', { href: `#/models/${encodeURIComponent(m.name)}` }, m.name)),
        h('td', {}, `v${m.latest_version}`),
        h('td', {}, m.aliases.map((a) => [aliasBadge(a.alias), ` v${a.version} `])),
        h('td', { title: fmtTime(m.last_updated_timestamp) }, fmtAgo(m.last_updated_timestamp)),
        h('td', {}, m.description || '')))))) 
      : h('div', { class: 'panel empty' }, 'No models yet. Register one with ', h('code', {}, 'mlnb models register RUN_ID model NAME'), '.')));
}

export async function modelPage(main, [name], q, stale) {
  const data = await get('/ui/model', { name });
  if (stale()) return;
  const m = data.registered_model;
  const versions = data.model_versions;
  const gates = Object.entries(data.gates || {});
  const aliases = m.aliases;
  const err = h('div');
  const reload = () => modelPage(main, [name], q, stale).catch((e) => err.replaceChildren(errorBox(e)));

  main.replaceChildren(h('section', { class: 'content', style: 'max-width:1400px' },
    h('div', { class: 'sub', style: 'margin-bottom:4px' }, h('a', { href: '#/models' }, 'Models')),
    h('h1', {}, m.name),
    h('div', { class: 'sub' }, h('span', {}, `${versions.length} version${versions.length === 1 ? '' : 's'}`), h('span', {}, `updated ${fmtTime(m.last_updated_timestamp)}`),
      m.description ? h('span', {}, m.description) : null),
    err,
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, 'Aliases'), h('div', { class: 'tablewrap' }, aliases.length ? h('table', { class: 'grid', id: 'aliases' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Alias'), h('th', {}, 'Version'), h('th', {}, 'History'), h('th', {}, ''))),
        h('tbody', {}, aliases.map((a) => h('tr', {}, h('td', {}, aliasBadge(a.alias)), h('td', {}, `v${a.version}`),
          h('td', { class: 'mono' }, (data.alias_history[a.alias] || []).map((v) => `v${v}`).join(' → ')),
          h('td', {}, data.can_manage && (data.alias_history[a.alias] || []).length > 1 ? rollbackButton(m.name, a.alias, err, reload) : null)))))
        : h('div', { class: 'empty' }, 'No aliases set.'))),
      h('div', {}, h('h2', {}, 'Promotion gates'), h('div', { class: 'tablewrap' }, gates.length ? h('table', { class: 'grid', id: 'gates' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Alias'), h('th', {}, 'Gates'))),
        h('tbody', {}, gates.map(([alias, list]) => h('tr', {}, h('td', {}, aliasBadge(alias)), h('td', { class: 'mono' }, list.join('  AND  '))))))
        : h('div', { class: 'empty' }, 'No gates: any promoter may move any alias.')))),
    h('h2', {}, 'Versions'),
    h('div', { class: 'tablewrap' }, h('table', { class: 'grid', id: 'versions' },
      h('thead', {}, h('tr', {}, ['Version', 'Aliases', 'Status', 'Run', 'Created', 'User', 'Source'].map((t) => h('th', {}, t)))),
      h('tbody', {}, versions.map((v) => h('tr', {},
        h('td', {}, `v${v.version}`), h('td', {}, v.aliases.map(aliasBadge)), h('td', {}, badge(v.status)),
        h('td', {}, v.run_id ? h('a', { href: `#/runs/${v.run_id}` }, v.run_id.slice(0, 8)) : ''),
        h('td', { title: fmtTime(v.creation_timestamp) }, fmtAgo(v.creation_timestamp)), h('td', {}, v.user_id), h('td', { class: 'mono' }, v.source)))))),
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, 'Approvals'), h('div', { class: 'tablewrap' }, data.approvals.length ? h('table', { class: 'grid', id: 'approvals' },
        h('thead', {}, h('tr', {}, ['Version', 'For', 'By', 'Decision', 'When', 'Comment'].map((t) => h('th', {}, t)))),
        h('tbody', {}, data.approvals.map((a) => h('tr', {}, h('td', {}, `v${a.version}`), h('td', {}, aliasBadge(a.alias)), h('td', {}, a.actor),
          h('td', {}, h('span', { class: `badge ${a.approved ? 'FINISHED' : 'FAILED'}` }, a.approved ? 'approved' : 'rejected')),
          h('td', { title: fmtTime(a.time) }, fmtAgo(a.time)), h('td', {}, a.comment)))))
        : h('div', { class: 'empty' }, 'No approvals recorded.'))),
      h('div', {}, h('h2', {}, 'Audit log'), h('div', { class: 'tablewrap', style: 'max-height:360px' }, data.audit.length ? h('table', { class: 'grid', id: 'audit' },
        h('thead', {}, h('tr', {}, ['When', 'Action', 'Alias', 'Version', 'By', 'Reason'].map((t) => h('th', {}, t)))),
        h('tbody', {}, [...data.audit].reverse().map((a) => h('tr', {}, h('td', { title: fmtTime(a.time) }, fmtTime(a.time)), h('td', {}, a.action),
          h('td', {}, a.alias ? aliasBadge(a.alias) : ''), h('td', {}, a.version ? `${a.previous_version ? `v${a.previous_version} → ` : ''}v${a.version}` : ''),
          h('td', {}, a.actor), h('td', { title: a.reason }, a.reason)))))
        : h('div', { class: 'empty' }, 'Nothing recorded yet.')))),
  ));
}
