// The experiments sidebar beside the runs table of the chosen experiment.
import { get } from '../api.js';
import { h, fmtTime } from '../dom.js';
import { runsTable } from './runs-table.js';

let cache = null; // experiments, kept while moving between experiments

export async function experimentsPage(main, [id], q, stale) {
  if (!cache || !id) cache = (await get('/ui/experiments')).experiments || [];
  if (stale()) return;
  const exps = cache;
  if (!exps.length) {
    main.replaceChildren(h('div', { class: 'pad' }, h('h1', {}, 'No experiments yet'),
      h('p', { class: 'muted' }, 'Log a run with ', h('code', {}, 'mlnb run --experiment NAME'), ' or ', h('code', {}, '#!track'), ' and it appears here.')));
    return;
  }
  const chosen = exps.find((e) => e.experiment_id === id)
    || [...exps].sort((a, b) => b.last_update_time - a.last_update_time)[0];
  const filterBox = h('input', { type: 'search', placeholder: 'Filter experiments', 'aria-label': 'Filter experiments' });
  const list = h('div', {}, exps.map((e) => h('a', {
    href: `#/experiments/${encodeURIComponent(e.experiment_id)}`, class: e === chosen ? 'active' : '', title: e.name, 'data-name': e.name.toLowerCase(),
  }, e.name)));
  filterBox.addEventListener('input', () => {
    const s = filterBox.value.toLowerCase();
    for (const a of list.children) a.style.display = a.dataset.name.includes(s) ? '' : 'none';
  });
  const content = h('section', { class: 'content' },
    h('h1', {}, chosen.name),
    h('div', { class: 'sub' }, h('span', {}, `id ${chosen.experiment_id}`), h('span', {}, `created ${fmtTime(chosen.creation_time)}`),
      h('span', { class: 'mono' }, chosen.artifact_location)));
  main.replaceChildren(h('div', { class: 'layout' }, h('aside', { class: 'side' }, h('h3', {}, 'Experiments'), filterBox, list), content));
  await runsTable(content, chosen.experiment_id, q, stale);
}
