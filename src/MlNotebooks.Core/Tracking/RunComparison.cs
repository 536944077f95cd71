using System.Globalization;
using System.Text.Json.Nodes;

namespace MlNotebooks.Tracking;

/// <summary>Runs side by side: one row per param, metric and user tag, marking the rows whose values differ.</summary>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<Run> runs, IReadOnlyList<Row> rows)
    {
        Runs = runs;
        Rows = rows;
    }

    /// <summary>One compared field.</summary>
    /// <param name="Label">e.g. <c>params.lr</c>.</param>
    /// <param name="Values">One value per run (null where a run lacks it).</param>
    /// <param name="Differs">True when not all runs agree.</param>
    public sealed record Row(string Label, IReadOnlyList<string?> Values, bool Differs);

    /// <summary>The runs, in the order given.</summary>
    public IReadOnlyList<Run> Runs { get; }

    /// <summary>Params, then metrics, then user tags.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Builds the comparison.</summary>
    public static RunComparison Create(IReadOnlyList<Run> runs)
    {
        var rows = new List<Row>();
        void Add(string prefix, IEnumerable<string> keys, Func<Run, string, string?> get)
        {
            foreach (var k in keys.Distinct().Order(StringComparer.Ordinal))
            {
                var values = runs.Select(r => get(r, k)).ToList();
                rows.Add(new Row($"{prefix}.{k}", values, values.Distinct().Count() > 1));
            }
        }
        Add("params", runs.SelectMany(r => r.Params.Select(p => p.Key)), (r, k) => r.Param(k));
        Add("metrics", runs.SelectMany(r => r.Metrics.Select(m => m.Key)), (r, k) => r.Metric(k)?.ToString("G6", CultureInfo.InvariantCulture));
        Add("tags", runs.SelectMany(r => r.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).Select(t => t.Key)), (r, k) => r.Tag(k));
        return new RunComparison(runs, rows);
    }

    /// <summary>JSON: run ids and rows.</summary>
    public JsonObject ToJson() => new()
    {
        ["run_ids"] = new JsonArray([.. Runs.Select(r => (JsonNode)r.RunId)]),
        ["rows"] = new JsonArray([.. Rows.Select(r => (JsonNode)new JsonObject
        {
            ["field"] = r.Label,
            ["values"] = new JsonArray([.. r.Values.Select(v => (JsonNode?)v)]),
            ["differs"] = r.Differs,
        })]),
    };
}
