// The runs table: server-side search (our filter syntax with AND, OR and parentheses), chosen columns, sort and
// pages by token. Only one page of rows is in the DOM, so 10,000 runs render as fast as 100.
import { get } from '../api.js';
import { h, esc, fmtNum, fmtAgo, fmtDuration, fmtTime, errorBox } from '../dom.js';
import { href, replaceQuery } from '../router.js';

const ATTRS = [['attributes.run_name', 'Run'], ['attributes.start_time', 'Created'], [null, 'Duration'], ['attributes.status', 'Status'], [null, 'User']];

export async function runsTable(root, experimentId, q, stale) {
  const state = {
    filter: q.filter || '',
    order: q.order || 'attributes.start_time DESC',
    cols: q.cols !== undefined ? q.cols : undefined,
    size: Number(q.size) || 100,
    token: q.pt || '',
    prev: [],
    keys: { metrics: new Set(), params: new Set(), tags: new Set() },
    selected: new Set(),
    first: 0,
  };
  const filter = h('input', { type: 'text', class: 'filter', value: state.filter, spellcheck: 'false', 'aria-label': 'Filter runs',
    placeholder: "metrics.acc > 0.9 AND (params.lr = '0.01' OR tags.team = 'vision')" });
  const err = h('div');
  const colsBtn = h('button', { type: 'button' }, 'Columns ▾');
  const compareBtn = h('button', { type: 'button', disabled: true }, 'Compare');
  const chartBtn = h('button', { type: 'button', disabled: true }, 'Chart');
  const size = h('select', { 'aria-label': 'Rows per page' }, [50, 100, 250, 1000].map((n) => h('option', { value: n, selected: n === state.size }, `${n} / page`)));
  const table = h('table', { class: 'grid', id: 'runs' });
  const wrap = h('div', { class: 'tablewrap', style: 'max-height: calc(100vh - 220px)' }, table);
  const info = h('span', {});
  const prevBtn = h('button', { type: 'button', disabled: true }, '‹ Prev');
  const nextBtn = h('button', { type: 'button', disabled: true }, 'Next ›');
  root.append(
    h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); state.filter = filter.value.trim(); restart(); } },
      h('div', { class: 'grow' }, filter), h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('button', { type: 'button', onclick: () => { filter.value = ''; state.filter = ''; restart(); } }, 'Clear'),
      colsBtn, size, compareBtn, chartBtn),
    err, wrap, h('div', { class: 'pager' }, info, prevBtn, nextBtn));

  let data = null;
  const save = () => replaceQuery({ filter: state.filter, order: state.order, cols: state.cols, size: state.size === 100 ? '' : state.size, pt: state.token });
  const restart = () => { state.token = ''; state.prev = []; state.first = 0; load(); };

  async function load() {
    save();
    wrap.style.opacity = '0.6';
    try {
      const params = { experiment_id: experimentId, filter: state.filter, order_by: state.order, max_results: state.size, page_token: state.token };
      if (state.cols !== undefined) params.columns = state.cols;
      data = await get('/ui/runs-table', params);
      if (stale()) return;
      err.replaceChildren();
      for (const k of ['metrics', 'params', 'tags']) data.keys[k].forEach((x) => state.keys[k].add(x));
      if (state.cols === undefined) state.cols = data.columns.join(',');
      draw();
    } catch (e) {
      if (stale()) return;
      err.replaceChildren(errorBox(e));
      if (!data) draw();
    } finally {
      wrap.style.opacity = '';
    }
  }

  function draw() {
    const cols = data ? data.columns : [];
    const runs = data ? data.runs : [];
    const arrow = (key) => (state.order.split(' ')[0] === key ? (state.order.endsWith('ASC') ? ' ▲' : ' ▼') : '');
    const th = (key, label, cls) => `<th class="${key ? 'sortable ' : ''}${cls || ''}"${key ? ` data-sort="${esc(key)}"` : ''}>${label}${key ? esc(arrow(key)) : ''}</th>`;
    const head = '<tr><th class="check"><input type="checkbox" aria-label="Select all"></th>'
      + ATTRS.map(([k, l]) => th(k, esc(l))).join('')
      + cols.map((c) => {
        const [kind, ...rest] = c.split('.');
        return th(sortKey(kind, rest.join('.')), `${esc(rest.join('.'))} <span class="kind">${kind === 'metrics' ? 'm' : kind === 'params' ? 'p' : 't'}</span>`, kind === 'metrics' ? 'num' : '');
      }).join('') + '</tr>';
    const body = runs.map((r) => {
      const name = r.run_name || r.run_id.slice(0, 8);
      const cells = r.cells.map((v, i) => (cols[i].startsWith('metrics.') ? `<td class="num">${esc(fmtNum(v))}</td>` : `<td title="${esc(v)}">${esc(v)}</td>`)).join('');
      return `<tr data-run="${r.run_id}" class="${state.selected.has(r.run_id) ? 'selected' : ''}"><td class="check"><input type="checkbox" aria-label="Select ${esc(name)}"${state.selected.has(r.run_id) ? ' checked' : ''}></td>`
        + `<td><a href="#/runs/${r.run_id}">${r.parent_run_id ? '↳ ' : ''}${esc(name)}</a></td>`
        + `<td title="${esc(fmtTime(r.start_time))}">${esc(fmtAgo(r.start_time))}</td><td>${esc(fmtDuration(r.start_time, r.end_time))}</td>`
        + `<td><span class="badge ${esc(r.status)}">${esc(r.status)}</span></td><td>${esc(r.user_id)}</td>${cells}</tr>`;
    }).join('');
    table.innerHTML = `<thead>${head}</thead><tbody>${body || `<tr><td colspan="${6 + cols.length}" class="empty">No runs match.</td></tr>`}</tbody>`;
    info.textContent = runs.length ? `Runs ${state.first + 1}–${state.first + runs.length}` : '';
    prevBtn.disabled = state.prev.length === 0;
    nextBtn.disabled = !(data && data.next_page_token);
    updateSelection();
  }

  function updateSelection() {
    const n = state.selected.size;
    compareBtn.textContent = n ? `Compare (${n})` : 'Compare';
    compareBtn.disabled = n < 2;
    chartBtn.disabled = n < 1;
  }

  table.addEventListener('click', (e) => {
    const sort = e.target.closest('th[data-sort]');
    if (sort) {
      const key = sort.dataset.sort;
      state.order = state.order === `${key} DESC` ? `${key} ASC` : `${key} DESC`;
      restart();
      return;
    }
    const box = e.target.closest('input[type=checkbox]');
    if (!box) return;
    const row = box.closest('tr[data-run]');
    if (row) {
      if (box.checked) state.selected.add(row.dataset.run); else state.selected.delete(row.dataset.run);
      row.classList.toggle('selected', box.checked);
    } else {
      for (const tr of table.querySelectorAll('tr[data-run]')) {
        tr.querySelector('input').checked = box.checked;
        tr.classList.toggle('selected', box.checked);
        if (box.checked) state.selected.add(tr.dataset.run); else state.selected.delete(tr.dataset.run);
      }
    }
    updateSelection();
  });
  nextBtn.onclick = () => { state.prev.push(state.token); state.first += data.runs.length; state.token = data.next_page_token; load(); };
  prevBtn.onclick = () => { state.token = state.prev.pop() || ''; state.first = Math.max(0, state.first - state.size); load(); };
  size.onchange = () => { state.size = Number(size.value); restart(); };
  compareBtn.onclick = () => { location.hash = href('/compare', { runs: [...state.selected].join(',') }); };
  chartBtn.onclick = () => {
    const metric = (state.cols || '').split(',').find((c) => c.startsWith('metrics.'));
    location.hash = href('/chart', { runs: [...state.selected].join(','), key: metric ? metric.slice(8) : [...state.keys.metrics][0] });
  };
  colsBtn.onclick = (e) => { e.stopPropagation(); openPicker(colsBtn, state, () => restart()); };
  await load();
}

/** An order_by field; keys that are not plain identifiers are back-quoted, as the filter syntax wants. */
const sortKey = (kind, key) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${kind}.${key}` : `${kind}.\`${key.replace(/`/g, '')}\``);

function openPicker(anchor, state, apply) {
  document.querySelector('.picker')?.remove();
  const chosen = new Set((state.cols || '').split(',').filter(Boolean));
  const rect = anchor.getBoundingClientRect();
  const group = (kind) => {
    const keys = [...state.keys[kind]].sort();
    return [h('h4', {}, kind), keys.length ? keys.map((k) => h('label', {}, h('input', {
      type: 'checkbox', checked: chosen.has(`${kind}.${k}`),
      onchange: (e) => { if (e.target.checked) chosen.add(`${kind}.${k}`); else chosen.delete(`${kind}.${k}`); },
    }), ' ', k)) : h('div', { class: 'muted' }, 'none on this page')];
  };
  const picker = h('div', { class: 'picker', style: `left:${Math.max(8, rect.left - 120)}px; top:${rect.bottom + window.scrollY + 4}px` },
    group('metrics'), group('params'), group('tags'),
    h('div', { class: 'toolbar', style: 'margin-top:8px' },
      h('button', { type: 'button', class: 'primary', onclick: () => { state.cols = [...chosen].join(','); picker.remove(); apply(); } }, 'Apply'),
      h('button', { type: 'button', onclick: () => picker.remove() }, 'Cancel')));
  picker.addEventListener('click', (e) => e.stopPropagation());
  document.body.append(picker);
  setTimeout(() => document.addEventListener('click', () => picker.remove(), { once: true }));
}
