// Runs side by side: params, metrics and user tags, with "Only differences" (on by default) and an overlay chart.
import { getRuns, compareRuns } from '../runs.js';
import { h, fmtNum, badge } from '../dom.js';
import { href, replaceQuery } from '../router.js';
import { chartControls, defaultOptions, metricChart, PALETTE } from '../chart.js';

export async function comparePage(main, params, q, stale) {
  const ids = (q.runs || '').split(',').filter(Boolean);
  if (ids.length < 2) throw new Error('Pick at least two runs to compare (tick them in the runs table).');
  const fetched = await getRuns(ids);
  if (stale()) return;
  const data = {
    runs: fetched.map((r) => r.info),
    rows: compareRuns(fetched),
    metric_keys: [...new Set(fetched.flatMap((r) => (r.data.metrics || []).map((m) => m.key)))].sort(),
  };
  let onlyDiff = q.diff !== '0';
  const only = h('input', { type: 'checkbox', id: 'only-diff', checked: onlyDiff });
  const table = h('table', { class: 'grid', id: 'compare' });
  const counts = h('span', { class: 'muted' });

  function draw() {
    const rows = data.rows.filter((r) => !onlyDiff || r.differs);
    const different = data.rows.filter((r) => r.differs).length;
    counts.textContent = `${different} of ${data.rows.length} fields differ`;
    table.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', {}, 'Field'), data.runs.map((r, i) => h('th', {},
        h('span', { style: `color:${PALETTE[i % PALETTE.length]}` }, '■ '), h('a', { href: `#/runs/${r.run_id}` }, r.run_name || r.run_id.slice(0, 8)), ' ', badge(r.status))))),
      h('tbody', {}, rows.length ? rows.map((r) => h('tr', { class: r.differs ? 'diff' : '', 'data-field': r.field },
        h('td', { class: 'mono' }, r.field),
        r.values.map((v) => h('td', { class: r.field.startsWith('metrics.') ? 'num' : '' }, v === null ? h('span', { class: 'muted' }, '—') : r.field.startsWith('metrics.') ? fmtNum(Number(v)) : v))))
        : h('tr', {}, h('td', { colspan: data.runs.length + 1, class: 'empty' }, 'These runs agree on every field.'))));
  }
  only.onchange = () => { onlyDiff = only.checked; replaceQuery({ ...q, diff: onlyDiff ? '' : '0' }); draw(); };

  const keys = data.metric_keys;
  const key = keys.includes(q.key) ? q.key : keys[0];
  const chartBox = h('div', { class: 'chartbox tall' });
  const opts = defaultOptions();
  let chart = null;
  const metricSel = h('select', { 'aria-label': 'Metric', onchange: () => { replaceQuery({ ...q, key: metricSel.value }); makeChart(metricSel.value); } },
    keys.map((k) => h('option', { value: k, selected: k === key }, k)));
  const runs = data.runs.map((r) => ({ id: r.run_id, name: r.run_name }));
  const makeChart = (k) => { chart = metricChart(chartBox, { runs, key: k, opts }); chart.update(); };

  main.replaceChildren(h('section', { class: 'content' },
    h('h1', {}, `Compare ${data.runs.length} runs`),
    h('div', { class: 'toolbar' }, h('label', {}, only, ' Only differences'), counts,
      h('span', { style: 'flex:1' }), h('a', { href: href('/chart', { runs: ids.join(','), key }) }, 'Open chart')),
    h('div', { class: 'tablewrap' }, table),
    keys.length ? [h('h2', {}, 'Metric'), h('div', { class: 'controls' }, h('label', {}, 'Metric ', metricSel)),
      chartControls(opts, () => chart && chart.update()), h('div', { class: 'card' }, chartBox)] : null));
  draw();
  if (key) makeChart(key);
}
