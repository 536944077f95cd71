// One metric of several runs on a large chart: #/chart?runs=ID,ID&key=loss&x=step|wall|relative&log=1&smooth=0.6
import { getRuns } from '../runs.js';
import { h } from '../dom.js';
import { href, replaceQuery } from '../router.js';
import { chartControls, metricChart } from '../chart.js';

export async function chartPage(main, params, q, stale) {
  const ids = (q.runs || '').split(',').filter(Boolean);
  const key = q.key || '';
  const opts = { x: ['step', 'wall', 'relative'].includes(q.x) ? q.x : 'step', log: q.log === '1', smooth: Math.min(0.99, Math.max(0, Number(q.smooth) || 0)) };
  if (!ids.length || !key) throw new Error('A chart needs runs and a metric: #/chart?runs=RUN_ID,RUN_ID&key=METRIC');
  // Names (for the legend) and curves are fetched at the same time.
  const runs = ids.map((id) => ({ id, name: id.slice(0, 8) }));
  const named = getRuns(ids).then((rs) => rs.forEach((r, i) => { runs[i].name = r.info.run_name; }));
  const box = h('div', { class: 'chartbox tall', id: 'chart' });
  main.replaceChildren(h('section', { class: 'content' },
    h('h1', {}, key || 'Chart'),
    h('div', { class: 'sub' }, h('span', {}, `${runs.length} run${runs.length === 1 ? '' : 's'}`),
      runs.length > 1 ? h('a', { href: href('/compare', { runs: ids.join(','), key }) }, 'compare') : h('a', { href: `#/runs/${ids[0]}` }, 'run page')),
    chartControls(opts, () => { replaceQuery({ ...q, x: opts.x, log: opts.log ? '1' : '', smooth: opts.smooth || '' }); chart.update(); }),
    h('div', { class: 'card' }, box)));
  const chart = metricChart(box, { runs, key, opts, ready: named });
  await chart.update();
}
