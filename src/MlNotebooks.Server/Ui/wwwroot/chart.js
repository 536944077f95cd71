// Metric charts over plotly.js (vendored, served by this server). Curves come downsampled per pixel bucket from
// the server, so 10 runs x 100,000 points draw as 10 x ~2 x width points.
import { get } from './api.js';
import { h, errorBox } from './dom.js';

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

let plotly = null;
/** Loads plotly.js once (the first chart pays for it; it is cached by the browser afterwards). */
export function loadPlotly() {
  plotly ??= new Promise((resolve, reject) => {
    if (window.Plotly) { resolve(window.Plotly); return; }
    const s = document.createElement('script');
    s.src = '/ui/vendor/plotly-basic.min.js';
    s.onload = () => resolve(window.Plotly);
    s.onerror = () => { plotly = null; reject(new Error('could not load /ui/vendor/plotly-basic.min.js from this server')); };
    document.head.append(s);
  });
  return plotly;
}

/** Chart options shared by the charts of a page: x axis (step, wall, relative), log y, EMA smoothing 0..0.99. */
export const defaultOptions = () => ({ x: 'step', log: false, smooth: 0 });

/** The control bar for chart options; calls onchange after every change. */
export function chartControls(opts, onchange) {
  const xSel = h('select', { 'aria-label': 'X axis', onchange: () => { opts.x = xSel.value; onchange(); } },
    [['step', 'Step'], ['wall', 'Wall time'], ['relative', 'Relative time']].map(([v, l]) => h('option', { value: v, selected: opts.x === v }, l)));
  const log = h('input', { type: 'checkbox', checked: opts.log, onchange: () => { opts.log = log.checked; onchange(); } });
  const val = h('span', { class: 'mono' }, opts.smooth.toFixed(2));
  const smooth = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: opts.smooth, 'aria-label': 'Smoothing',
    oninput: () => { opts.smooth = Number(smooth.value); val.textContent = opts.smooth.toFixed(2); onchange(); } });
  return h('div', { class: 'controls' }, h('label', {}, 'X axis ', xSel), h('label', {}, log, ' Log scale'), h('label', {}, 'Smoothing ', smooth, val));
}

/** TensorBoard's debiased exponential moving average; gaps stay gaps. */
export function ema(ys, s) {
  let last = 0; let weight = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return null;
    last = last * s + (1 - s) * y; weight = weight * s + (1 - s);
    return last / weight;
  });
}

/**
 * A chart of one metric for several runs, in `box`. Returns { update() } to redraw after the options change
 * (fetching again only when the x axis switches between step and time).
 */
export function metricChart(box, { runs, key, opts, onData, ready }) {
  const plot = h('div', { class: box.classList.contains('tall') ? 'chartbox tall' : 'chartbox' });
  const note = h('div', { class: 'muted', style: 'font-size:11px' });
  box.replaceChildren(plot, note);
  box.classList.remove('chartbox', 'tall');
  let data = null; let fetchedAxis = null;

  async function update() {
    const axis = opts.x === 'step' ? 'step' : 'time';
    try {
      if (fetchedAxis !== axis) {
        const width = Math.max(200, Math.round(plot.clientWidth || 600));
        // One request per run (each checked against that run's permission), all in flight at once.
        // `ready` (the runs' names, say) is awaited alongside, not before.
        const [series] = await Promise.all([Promise.all(runs.map((r) => get('/ui/metric-chart', { run_id: r.id, key, x: axis, points: width }))), loadPlotly(), ready]);
        data = { series };
        fetchedAxis = axis;
        plot.dataset.fetched = String(performance.now());
        if (onData && onData(series) === false) return; // the page chose not to show this chart
      }
      await draw();
    } catch (e) {
      box.replaceChildren(errorBox(e));
    }
  }

  async function draw() {
    const names = Object.fromEntries(runs.map((r) => [r.id, r.name || r.id.slice(0, 8)]));
    const traces = [];
    let shown = 0; let total = 0;
    data.series.forEach((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      const x = opts.x === 'relative' ? s.x.map((t) => (t - s.t0) / 1000) : s.x;
      shown += s.x.length; total += s.total_points;
      const name = names[s.run_id] || s.run_id.slice(0, 8);
      // A reduced curve is already at pixel resolution: let plotly drop collinear vertices. A small curve is drawn whole.
      const simplify = s.total_points > s.x.length;
      traces.push({ type: 'scatter', mode: s.x.length === 1 ? 'markers' : 'lines', x, y: s.y, name, legendgroup: s.run_id,
        line: { color, width: 1.4, simplify }, marker: { color }, opacity: opts.smooth > 0 ? 0.25 : 1, showlegend: opts.smooth === 0,
        hoverinfo: opts.smooth > 0 ? 'skip' : 'x+y+name' });
      if (opts.smooth > 0) {
        traces.push({ type: 'scatter', mode: 'lines', x, y: ema(s.y, opts.smooth), name, legendgroup: s.run_id, line: { color, width: 1.8, simplify } });
      }
    });
    const layout = {
      margin: { l: 54, r: 12, t: 8, b: 36 }, font: { size: 11, family: 'system-ui, sans-serif' },
      paper_bgcolor: '#fff', plot_bgcolor: '#fff', hovermode: 'closest', showlegend: data.series.length > 1,
      legend: { orientation: 'h', y: -0.18, x: 0 },
      xaxis: { title: { text: { step: 'step', wall: '', relative: 'seconds' }[opts.x] }, type: opts.x === 'wall' ? 'date' : 'linear', gridcolor: '#eef0f3', zeroline: false },
      yaxis: { type: opts.log ? 'log' : 'linear', gridcolor: '#eef0f3', zeroline: false, exponentformat: 'e' },
    };
    if (data.series.length > 1) layout.margin.b = 60;
    await window.Plotly.react(plot, traces, layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage'] });
    note.textContent = total > shown ? `${shown.toLocaleString()} of ${total.toLocaleString()} points drawn (min/max per pixel)` : '';
    plot.dataset.points = String(shown);
    plot.dataset.traces = String(traces.length);
    plot.dataset.drawn = String(performance.now());
  }

  return { update };
}
