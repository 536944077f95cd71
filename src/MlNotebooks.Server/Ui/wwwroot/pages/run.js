// One run: overview, params, metrics with charts, tags, inputs, lineage and artifacts with preview.
import { get } from '../api.js';
import { h, fmtNum, fmtTime, fmtDuration, badge, kvTable } from '../dom.js';
import { href } from '../router.js';
import { chartControls, defaultOptions, metricChart } from '../chart.js';
import { artifactsView } from './artifacts.js';

const CHARTS_AT_ONCE = 6;

export async function runPage(main, [runId], q, stale) {
  const page = await get('/ui/run', { run_id: runId });
  if (stale()) return;
  const { run, experiment, artifacts, lineage } = page;
  const info = run.info;
  const tags = run.data.tags || [];
  const tag = (k) => tags.find((t) => t.key === k)?.value;
  const userTags = tags.filter((t) => !t.key.startsWith('mlflow.'));
  const metrics = [...(run.data.metrics || [])].sort((a, b) => a.key.localeCompare(b.key));
  const params = [...(run.data.params || [])].sort((a, b) => a.key.localeCompare(b.key));
  const inputs = (run.inputs && run.inputs.dataset_inputs) || [];
  const parent = tag('mlflow.parentRunId');

  const facts = [
    ['Run ID', h('span', { class: 'mono' }, info.run_id)],
    ['Experiment', experiment ? h('a', { href: `#/experiments/${encodeURIComponent(experiment.experiment_id)}` }, experiment.name) : info.experiment_id],
    ['Status', badge(info.status)],
    ['Started', fmtTime(info.start_time)],
    ['Duration', fmtDuration(info.start_time, info.end_time) || (info.status === 'RUNNING' ? 'running' : '')],
    ['User', info.user_id],
  ];
  if (parent) facts.push(['Parent run', h('a', { href: `#/runs/${parent}` }, parent.slice(0, 8))]);
  if (tag('mlflow.source.name')) facts.push(['Source', h('span', { class: 'mono' }, tag('mlflow.source.name'))]);
  if (tag('mlflow.source.git.commit')) facts.push(['Commit', h('span', { class: 'mono' }, tag('mlflow.source.git.commit').slice(0, 10))]);

  const opts = defaultOptions();
  const charts = [];
  const chartGrid = h('div', { class: 'cards' });
  const singles = [];
  const singleNote = h('div', { class: 'muted', style: 'margin-top:6px' });
  const addChart = (key) => {
    const box = h('div', { class: 'chartbox' });
    const card = h('div', { class: 'card' }, h('h3', {}, key, h('a', { href: href('/chart', { runs: info.run_id, key }), style: 'font-weight:400;font-size:12px' }, 'open')), box);
    chartGrid.append(card);
    // A metric logged once (a final score) is in the table above; a chart of one point says nothing more.
    const onData = (series) => { if (series.every((s) => s.total_points <= 1)) { card.remove(); singles.push(key); singleNote.textContent = `Logged once, shown in the table: ${singles.join(', ')}`; return false; } return true; };
    const c = metricChart(box, { runs: [{ id: info.run_id, name: info.run_name }], key, opts, onData });
    charts.push(c);
    c.update();
  };
  const moreCharts = metrics.length > CHARTS_AT_ONCE
    ? h('button', { type: 'button', onclick: (e) => { metrics.slice(CHARTS_AT_ONCE).forEach((m) => addChart(m.key)); e.target.remove(); } }, `Show all ${metrics.length} charts`)
    : null;

  main.replaceChildren(h('section', { class: 'content', style: 'max-width: 1500px' },
    h('div', { class: 'sub', style: 'margin-bottom:4px' },
      experiment ? h('a', { href: `#/experiments/${encodeURIComponent(experiment.experiment_id)}` }, experiment.name) : h('span', {}, 'experiment ' + info.experiment_id),
      h('span', {}, 'run')),
    h('h1', {}, info.run_name || info.run_id),
    h('div', { class: 'facts', style: 'margin-top:10px' }, facts.map(([k, v]) => h('div', { class: k === 'Run ID' ? 'wide' : '' }, h('span', { class: 'label' }, k), v))),
    h('div', { class: 'two', style: 'margin-top:4px' },
      h('div', {}, h('h2', {}, `Parameters (${params.length})`), h('div', { class: 'tablewrap' }, kvTable(params.map((p) => [p.key, p.value]), 'No parameters.'))),
      h('div', {}, h('h2', {}, `Metrics (${metrics.length})`), h('div', { class: 'tablewrap' }, metrics.length
        ? h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), h('th', { class: 'num' }, 'Latest'), h('th', { class: 'num' }, 'Step'))),
          h('tbody', {}, metrics.map((m) => h('tr', {}, h('td', { class: 'mono' }, m.key), h('td', { class: 'num' }, fmtNum(m.value)), h('td', { class: 'num' }, m.step)))))
        : h('div', { class: 'empty' }, 'No metrics.')))),
    metrics.length ? [h('h2', {}, 'Charts'), chartControls(opts, () => charts.forEach((c) => c.update())), chartGrid, singleNote, moreCharts] : null,
    h('h2', {}, `Artifacts (${artifacts.length})`), artifactsView(info.run_id, artifacts, q.artifact),
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, `Tags (${userTags.length})`), h('div', { class: 'tablewrap' }, kvTable(userTags.map((t) => [t.key, t.value]), 'No tags.'))),
      h('div', {}, h('h2', {}, `Inputs (${inputs.length})`), h('div', { class: 'tablewrap' }, inputs.length
        ? h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', {}, 'Dataset'), h('th', {}, 'Digest'), h('th', {}, 'Source'), h('th', {}, 'Context'))),
          h('tbody', {}, inputs.map((d) => h('tr', {}, h('td', {}, d.dataset.name), h('td', { class: 'mono' }, (d.dataset.digest || '').slice(0, 12)),
            h('td', {}, [d.dataset.source_type, d.dataset.source].filter(Boolean).join(': ')),
            h('td', {}, (d.tags || []).find((t) => t.key === 'mlflow.data.context')?.value || '')))))
        : h('div', { class: 'empty' }, 'No datasets recorded.')))),
    lineage && lineage.nodes.length > 1 ? [h('h2', {}, 'Lineage'), lineageView(lineage, info.run_id)] : null,
  ));
  metrics.slice(0, CHARTS_AT_ONCE).forEach((m) => addChart(m.key));
}

function lineageView(lineage, runId) {
  const node = (n) => h('div', { class: `node ${n.kind}` }, h('b', {}, n.kind),
    n.kind === 'run' && n.id !== runId ? h('a', { href: `#/runs/${n.id}` }, n.label)
      : n.kind === 'model' ? h('a', { href: `#/models/${encodeURIComponent(n.id.replace(/^models:\//, '').split('/')[0])}` }, n.label) : h('span', {}, n.label),
    Object.entries(n.details || {}).slice(0, 3).map(([k, v]) => h('div', { class: 'muted', style: 'font-size:11px' }, `${k}: ${v}`)));
  const before = lineage.nodes.filter((n) => lineage.edges.some((e) => e.from === n.id && e.to === runId));
  const me = lineage.nodes.filter((n) => n.id === runId);
  const after = lineage.nodes.filter((n) => !before.includes(n) && !me.includes(n));
  const col = (ns) => h('div', { style: 'display:flex;flex-direction:column;gap:6px' }, ns.map(node));
  return h('div', { class: 'lineage panel', style: 'padding:10px' },
    before.length ? [col(before), h('span', { class: 'arrow' }, '→')] : null, col(me),
    after.length ? [h('span', { class: 'arrow' }, '→'), col(after)] : null);
}
