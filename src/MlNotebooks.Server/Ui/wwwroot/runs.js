// Several runs fetched at once (one request each, so each is checked against its own permission), and the
// side-by-side comparison of their params, metrics and user tags.
import { get } from './api.js';

/** The runs (MLflow JSON) with their ids, in the order given. */
export const getRuns = (ids) => Promise.all(ids.map((id) => get('/ui/run', { run_id: id, lite: 1 }).then((p) => p.run)));

const num = (v) => (v === null || v === undefined ? null : String(Number(v.toPrecision(6))));

/** Rows { field, values[], differs }: params, then metrics, then tags not starting with "mlflow.". */
export function compareRuns(runs) {
  const rows = [];
  const add = (prefix, pick, value) => {
    const keys = [...new Set(runs.flatMap((r) => pick(r).map((x) => x.key)))].sort();
    for (const k of keys) {
      const values = runs.map((r) => { const x = pick(r).find((y) => y.key === k); return x ? value(x) : null; });
      rows.push({ field: `${prefix}.${k}`, values, differs: new Set(values).size > 1 });
    }
  };
  add('params', (r) => r.data.params || [], (p) => p.value);
  add('metrics', (r) => r.data.metrics || [], (m) => num(m.value));
  add('tags', (r) => (r.data.tags || []).filter((t) => !t.key.startsWith('mlflow.')), (t) => t.value);
  return rows;
}
