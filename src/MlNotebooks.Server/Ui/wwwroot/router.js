// Hash routing: every page is linkable (#/experiments/1?filter=...); in-page state changes replace the URL
// without re-rendering, so the back button returns to the previous page, not the previous keystroke.
import { query } from './api.js';

/** The current route: path and query fields. */
export function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const i = hash.indexOf('?');
  const path = i < 0 ? hash : hash.slice(0, i);
  const q = Object.fromEntries(new URLSearchParams(i < 0 ? '' : hash.slice(i + 1)));
  return { path, q };
}

/** A link to a page. */
export const href = (path, q) => '#' + path + query(q);

/** Replaces the current page's query fields in the URL (no re-render). */
export function replaceQuery(q) {
  const { path } = current();
  history.replaceState(null, '', href(path, q));
}

/** Matches a path against routes [[regex, page]] and returns [page, params]. */
export function match(routes, path) {
  for (const [re, page] of routes) {
    const m = re.exec(path);
    if (m) return [page, m.slice(1).map(decodeURIComponent)];
  }
  return [null, []];
}
