// A run's artifacts: the file list beside a preview (text, JSON, CSV as a table, images) with a download link.
import { artifactUrl, authFetch } from '../api.js';
import { h, fmtBytes, errorBox } from '../dom.js';
import { current, replaceQuery } from '../router.js';

const TEXT = /\.(txt|log|md|py|cs|yaml|yml|toml|ini|cfg|sh|json|jsonl|csv|tsv|xml|html|mlmodel|MLmodel|dvc|ipynb)$|(^|\/)(MLmodel|requirements\.txt|conda\.yaml)$/i;
const IMAGE = /\.(png|jpe?g|gif|svg|webp)$/i;
const CSV_ROWS = 200;

export function artifactsView(runId, artifacts, selected) {
  if (!artifacts.length) return h('div', { class: 'panel empty' }, 'No artifacts logged.');
  const preview = h('div', { class: 'preview panel', id: 'artifact-preview' });
  const links = artifacts.map((a) => h('li', {}, h('a', { href: '#', 'data-path': a.path, onclick: (e) => { e.preventDefault(); show(a); } },
    h('b', { style: 'font-weight:400' }, a.path), h('span', {}, fmtBytes(a.file_size)))));
  const list = h('ul', {}, links);

  async function show(a) {
    for (const li of list.querySelectorAll('a')) li.classList.toggle('active', li.dataset.path === a.path);
    const { q } = current();
    replaceQuery({ ...q, artifact: a.path });
    const head = h('div', { class: 'head' }, h('span', {}, a.path, ' · ', fmtBytes(a.file_size)),
      h('a', { href: artifactUrl(runId, a.path, { download: 1 }), download: a.path.split('/').pop(), onclick: (e) => download(e, runId, a) }, 'Download'));
    preview.replaceChildren(head, h('div', { class: 'muted spin' }, 'Loading'));
    try {
      preview.replaceChildren(head, ...[await body(runId, a)].flat().filter(Boolean));
    } catch (e) {
      preview.replaceChildren(head, errorBox(e));
    }
  }

  const first = artifacts.find((a) => a.path === selected) || artifacts.find((a) => TEXT.test(a.path) || IMAGE.test(a.path)) || artifacts[0];
  show(first);
  return h('div', { class: 'artifacts' }, h('div', { class: 'panel', style: 'overflow:auto;max-height:560px' }, list), preview);
}

async function fetchOk(url) {
  const res = await authFetch(url);
  if (!res.ok) {
    const text = await res.text();
    let msg = text;
    try { msg = JSON.parse(text).message; } catch { /* plain text */ }
    throw new Error(msg);
  }
  return res;
}

// Through fetch, so a token (servers with --auth) goes along; a plain link could not carry it.
async function download(e, runId, a) {
  e.preventDefault();
  const blob = await (await fetchOk(artifactUrl(runId, a.path, { download: 1 }))).blob();
  const url = URL.createObjectURL(blob);
  h('a', { href: url, download: a.path.split('/').pop() }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function body(runId, a) {
  if (IMAGE.test(a.path)) {
    const blob = await (await fetchOk(artifactUrl(runId, a.path))).blob();
    return h('img', { src: URL.createObjectURL(blob), alt: a.path });
  }
  if (!TEXT.test(a.path)) return h('div', { class: 'muted' }, 'No preview for this file type; download it to look inside.');
  const res = await fetchOk(artifactUrl(runId, a.path, { preview: 1 }));
  const text = await res.text();
  const truncated = res.headers.get('X-Mlnb-Truncated') === 'true';
  const note = truncated ? h('div', { class: 'muted' }, 'Showing the first 256 KB; download the file for the rest.') : null;
  if (/\.json$/i.test(a.path) && !truncated) {
    try { return h('pre', { class: 'json' }, JSON.stringify(JSON.parse(text), null, 2)); } catch { /* show as text */ }
  }
  if (/\.(csv|tsv)$/i.test(a.path)) return [csvTable(text, /\.tsv$/i.test(a.path) ? '\t' : ','), note];
  return [h('pre', {}, text), note];
}

/** A CSV as a table (RFC 4180 quoting), first rows only. */
export function csvTable(text, sep) {
  const rows = [];
  let row = []; let cell = ''; let quoted = false;
  for (let i = 0; i < text.length && rows.length <= CSV_ROWS; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  const [header, ...data] = rows;
  return h('div', { class: 'tablewrap' }, h('table', { class: 'grid csv' },
    h('thead', {}, h('tr', {}, (header || []).map((c) => h('th', {}, c)))),
    h('tbody', {}, data.slice(0, CSV_ROWS).map((r) => h('tr', {}, r.map((c) => h('td', { class: /^-?[\d.eE+-]+$/.test(c) ? 'num' : '' }, c)))))),
    data.length > CSV_ROWS ? h('div', { class: 'muted pad' }, `First ${CSV_ROWS} rows.`) : null);
}
