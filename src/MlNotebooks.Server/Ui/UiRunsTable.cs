using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// <c>GET /ajax-api/2.0/mlnb/ui/runs-table?experiment_id=1&amp;filter=...&amp;order_by=metrics.acc DESC&amp;max_results=100&amp;page_token=...&amp;columns=metrics.acc,params.lr</c>:
/// one page of the runs table, searched in the store with our filter syntax (AND, OR, parentheses), carrying only
/// the chosen columns. Without <c>columns</c> the first metrics and params of the page are chosen. <c>keys</c> lists
/// the metric, param and tag keys seen on the page, for the column picker.
/// </summary>
internal static class UiRunsTable
{
    private const int DefaultColumnsPerKind = 3;

    public static async Task<JsonNode> GetAsync(RouteCall call)
    {
        var context = call.Http;
        var experimentId = UiHttp.Required(context, "experiment_id");
        var orderBy = context.Request.Query["order_by"].Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o!).ToList();
        if (await call.Store.GetExperimentAsync(experimentId, context.RequestAborted).ConfigureAwait(false) is null)
            throw MlnbException.NotFound($"no experiment with id '{experimentId}'; the experiments list names them");
        if (UiHttp.Query(context, "page_token") is null)
            await call.Tracking.EndDeadRunsAsync([experimentId], context.RequestAborted).ConfigureAwait(false); // dead runs show KILLED
        var page = await call.Store.SearchRunsAsync(new SearchRunsQuery(
            [experimentId],
            UiHttp.Query(context, "filter"),
            ViewType.ActiveOnly,
            UiHttp.Int(context, "max_results", 100, 1, 5000),
            orderBy.Count == 0 ? null : orderBy,
            UiHttp.Query(context, "page_token")), context.RequestAborted).ConfigureAwait(false);

        var metricKeys = new SortedSet<string>(StringComparer.Ordinal);
        var paramKeys = new SortedSet<string>(StringComparer.Ordinal);
        var tagKeys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var run in page.Items)
        {
            metricKeys.UnionWith(run.Metrics.Select(m => m.Key));
            paramKeys.UnionWith(run.Params.Select(p => p.Key));
            tagKeys.UnionWith(run.Tags.Select(t => t.Key).Where(k => !k.StartsWith("mlflow.", StringComparison.Ordinal)));
        }
        IReadOnlyList<string> columns = context.Request.Query.ContainsKey("columns")
            ? UiHttp.List(context, "columns")
            : [.. metricKeys.Take(DefaultColumnsPerKind).Select(k => "metrics." + k), .. paramKeys.Take(DefaultColumnsPerKind).Select(k => "params." + k)];
        foreach (var c in columns)
            if (!c.StartsWith("metrics.", StringComparison.Ordinal) && !c.StartsWith("params.", StringComparison.Ordinal) && !c.StartsWith("tags.", StringComparison.Ordinal))
                throw MlnbException.Invalid($"column '{c}' must start with 'metrics.', 'params.' or 'tags.'");

        var rows = new JsonArray();
        foreach (var run in page.Items)
        {
            var i = run.Info;
            rows.Add(new JsonObject
            {
                ["run_id"] = i.RunId,
                ["run_name"] = i.RunName,
                ["status"] = i.Status.ToName(),
                ["user_id"] = i.UserId,
                ["start_time"] = i.StartTime.ToUnixTimeMilliseconds(),
                ["end_time"] = i.EndTime?.ToUnixTimeMilliseconds(),
                ["parent_run_id"] = run.ParentRunId,
                ["cells"] = new JsonArray([.. columns.Select(c => Cell(run, c))]),
            });
        }
        return new JsonObject
        {
            ["runs"] = rows,
            ["next_page_token"] = page.NextPageToken,
            ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)c)]),
            ["keys"] = new JsonObject
            {
                ["metrics"] = new JsonArray([.. metricKeys.Select(k => (JsonNode)k)]),
                ["params"] = new JsonArray([.. paramKeys.Select(k => (JsonNode)k)]),
                ["tags"] = new JsonArray([.. tagKeys.Select(k => (JsonNode)k)]),
            },
        };
    }

    private static JsonNode? Cell(Run run, string column)
    {
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        var key = column[(dot + 1)..];
        return column[..dot] switch
        {
            "metrics" => run.Metrics.FirstOrDefault(m => m.Key == key) is { } m ? UiHttp.Number(m.Value) : null,
            "params" => run.Param(key),
            _ => run.Tag(key),
        };
    }
}
