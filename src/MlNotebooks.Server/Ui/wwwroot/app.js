// MlNotebooks tracking UI: plain ES modules, no build step, nothing loaded from outside this server.
import { current, match } from './router.js';
import { h, errorBox } from './dom.js';
import { setToken } from './api.js';
import { experimentsPage } from './pages/experiments.js';
import { runPage } from './pages/run.js';
import { comparePage } from './pages/compare.js';
import { chartPage } from './pages/chart.js';
import { modelsPage, modelPage } from './pages/models.js';
import { usagePage } from './pages/usage.js';

const routes = [
  [/^\/?$/, experimentsPage],
  [/^\/experiments\/([^/]+)$/, experimentsPage],
  [/^\/runs\/([0-9a-f]{32})$/, runPage],
  [/^\/compare$/, comparePage],
  [/^\/chart$/, chartPage],
  [/^\/models$/, modelsPage],
  [/^\/models\/(.+)$/, modelPage],
  [/^\/usage$/, usagePage],
];

let renderId = 0;

async function render() {
  const id = ++renderId;
  const main = document.getElementById('main');
  const { path, q } = current();
  document.querySelectorAll('.top nav a').forEach((a) =>
    a.classList.toggle('active', a.dataset.nav === (path.startsWith('/models') ? 'models' : path.startsWith('/usage') ? 'usage' : 'experiments')));
  const [page, params] = match(routes, path);
  if (!page) {
    main.replaceChildren(h('div', { class: 'pad' }, errorBox(`No page at '${path}'.`), h('a', { href: '#/' }, 'Experiments')));
    return;
  }
  try {
    await page(main, params, q, () => id !== renderId);
  } catch (e) {
    if (id === renderId) main.replaceChildren(h('div', { class: 'pad' }, errorBox(e)));
  }
}

// A server started with --auth answers 401 without a token: ask for one once, keep it in this browser.
window.addEventListener('mlnb-auth', () => {
  if (document.getElementById('token-bar')) return;
  const input = h('input', { type: 'password', placeholder: 'token from `mlnb server users add` or your hub token', style: 'width:420px' });
  const bar = h('form', { id: 'token-bar', class: 'toolbar pad panel', style: 'margin:12px 18px',
    onsubmit: (e) => { e.preventDefault(); setToken(input.value.trim()); bar.remove(); render(); } },
  h('b', {}, 'This server needs a token.'), input, h('button', { type: 'submit', class: 'primary' }, 'Use token'));
  document.body.insertBefore(bar, document.getElementById('main'));
});

window.addEventListener('hashchange', render);
render();
