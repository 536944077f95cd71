namespace MlNotebooks.Benchmarks.ServerUi;

/// <summary>
/// The in-run anchors: the same data loaded whole through MLflow's REST API and drawn whole, as a UI that neither
/// pages the runs table nor downsamples curves must (the situation of mlflow#9779).
/// </summary>
internal static class Anchors
{
    /// <summary>Every run of the experiment via runs/search (pages of 1000), rendered as one table; returns the row count.</summary>
    public const string AllRunsTable = """
        async (expId) => {
          const runs = []; let token = null;
          do {
            const res = await fetch('/ajax-api/2.0/mlflow/runs/search', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ experiment_ids: [expId], max_results: 1000, page_token: token || undefined }) });
            const body = await res.json();
            if (!res.ok) throw new Error(body.message);
            runs.push(...(body.runs || [])); token = body.next_page_token;
          } while (token);
          const keys = (kind) => [...new Set(runs.flatMap((r) => (r.data[kind] || []).map((x) => x.key)))].sort();
          const m = keys('metrics'); const p = keys('params');
          const esc = (s) => String(s ?? '').replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
          const cell = (list, k) => '<td>' + esc((list || []).find((x) => x.key === k)?.value) + '</td>';
          const rows = runs.map((r) => '<tr><td>' + esc(r.info.run_name) + '</td>' + m.map((k) => cell(r.data.metrics, k)).join('') + p.map((k) => cell(r.data.params, k)).join('') + '</tr>').join('');
          const t = document.createElement('table'); t.innerHTML = '<tbody>' + rows + '</tbody>'; document.body.append(t);
          void t.offsetHeight;
          return runs.length;
        }
        """;

    /// <summary>Every point of every run via metrics/get-history (pages of 25,000), drawn whole with the same plotly.js; returns the point count.</summary>
    public const string AllPointsChart = """
        async (ids) => {
          await new Promise((ok, fail) => { const s = document.createElement('script'); s.src = '/ui/vendor/plotly-basic.min.js'; s.onload = ok; s.onerror = fail; document.head.append(s); });
          const series = await Promise.all(ids.map(async (id) => {
            const x = []; const y = []; let token = null;
            do {
              const q = new URLSearchParams({ run_id: id, metric_key: 'loss', max_results: '25000' });
              if (token) q.set('page_token', token);
              const res = await fetch('/ajax-api/2.0/mlflow/metrics/get-history?' + q);
              const b = await res.json();
              if (!res.ok) throw new Error(b.message);
              for (const m of b.metrics || []) { x.push(m.step); y.push(m.value); }
              token = b.next_page_token;
            } while (token);
            return { x, y };
          }));
          const div = document.createElement('div'); div.style.cssText = 'width:1300px;height:520px'; document.body.append(div);
          await Plotly.newPlot(div, series.map((s) => ({ type: 'scatter', mode: 'lines', x: s.x, y: s.y })), { margin: { t: 8 } });
          return series.reduce((a, s) => a + s.x.length, 0);
        }
        """;
}
