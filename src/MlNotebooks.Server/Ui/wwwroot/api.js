// Calls the server's UI endpoints; an error carries the server's own message.

export const PREFIX = '/ajax-api/2.0/mlnb';

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/** Builds a query string; arrays repeat the field, empty values are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else q.append(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const TOKEN_KEY = 'mlnb.token';

/** The Authorization header for a server started with --auth (the token the user pasted), or none. */
export function authHeaders() {
  const t = localStorage.getItem(TOKEN_KEY);
  return t ? { Authorization: `Bearer ${t}` } : {};
}

/** Remembers (or, with an empty value, forgets) the token. */
export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token); else localStorage.removeItem(TOKEN_KEY);
}

/** fetch with the token; a 401 asks the page for one. */
export async function authFetch(url, init) {
  const res = await fetch(url, { ...init, headers: { ...(init && init.headers), ...authHeaders() } });
  if (res.status === 401) window.dispatchEvent(new CustomEvent('mlnb-auth'));
  return res;
}

/** GET a UI endpoint as JSON. */
export async function get(path, params, signal) {
  const res = await authFetch(PREFIX + path + query(params), { signal, headers: { Accept: 'application/json' } });
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    throw new ApiError(res.status, body && body.error_code, (body && body.message) || `${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
  }
  return body;
}

/** The URL of an artifact's bytes. */
export const artifactUrl = (runId, path, extra) => PREFIX + '/ui/artifact' + query({ run_id: runId, path, ...extra });
