// The experiments sidebar beside the runs table of the chosen experiment. With an experiment in the URL the
// list and the first page of runs are fetched at the same time.
import { get } from '../api.js';
import { h, fmtTime } from '../dom.js';
import { runsTable } from './runs-table.js';

let cache = null; // experiments, kept while moving between experiments

export async function experimentsPage(main, [id], q, stale) {
  const listed = cache && id ? Promise.resolve(cache) : get('/ui/experiments').then((b) => (cache = b.experiments || []));
  if (!id) {
    const exps = await listed;
    if (stale()) return;
    if (!exps.length) {
      main.replaceChildren(h('div', { class: 'pad' }, h('h1', {}, 'No experiments yet'),
        h('p', { class: 'muted' }, 'Log a run with ', h('code', {}, 'mlnb run --experiment NAME'), ' or ', h('code', {}, '#!track'), ' and it appears here.')));
      return;
    }
    id = [...exps].sort((a, b) => b.last_update_time - a.last_update_time)[0].experiment_id;
  }
  const title = h('h1', {}, '\u00a0');
  const sub = h('div', { class: 'sub' });
  const filterBox = h('input', { type: 'search', placeholder: 'Filter experiments', 'aria-label': 'Filter experiments' });
  const list = h('div', {});
  const content = h('section', { class: 'content' }, title, sub);
  main.replaceChildren(h('div', { class: 'layout' }, h('aside', { class: 'side' }, h('h3', {}, 'Experiments'), filterBox, list), content));
  filterBox.addEventListener('input', () => {
    const s = filterBox.value.toLowerCase();
    for (const a of list.children) a.style.display = a.dataset.name.includes(s) ? '' : 'none';
  });
  const sidebar = listed.then((exps) => {
    if (stale()) return;
    const chosen = exps.find((e) => e.experiment_id === id);
    list.replaceChildren(...exps.map((e) => h('a', {
      href: `#/experiments/${encodeURIComponent(e.experiment_id)}`, class: e === chosen ? 'active' : '', title: e.name, 'data-name': e.name.toLowerCase(),
    }, e.name)));
    title.textContent = chosen ? chosen.name : `Experiment ${id}`;
    if (chosen) sub.replaceChildren(h('span', {}, `id ${chosen.experiment_id}`), h('span', {}, `created ${fmtTime(chosen.creation_time)}`), h('span', { class: 'mono' }, chosen.artifact_location));
  });
  await Promise.all([sidebar, runsTable(content, id, q, stale)]);
}
