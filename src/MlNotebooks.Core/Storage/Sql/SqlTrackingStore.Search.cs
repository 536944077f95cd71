using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Search;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlTrackingStore
{
    public Task<Page<Run>> SearchRunsAsync(SearchRunsQuery query, CancellationToken cancellationToken = default)
    {
        ValidateMaxResults(query.MaxResults);
        var offset = ParsePageToken(query.PageToken);
        var filter = FilterParser.Parse(query.Filter);
        var sql = new SqlFilterTranslator(database);
        var where = new List<string>();
        var expIds = new List<string>();
        foreach (var e in query.ExperimentIds)
        {
            if (!long.TryParse(e, out var id))
                throw MlnbException.NotFound($"experiment id '{e}' does not exist; list experiments with `mlnb experiments list`");
            expIds.Add(sql.Param(id));
        }
        if (expIds.Count > 0) where.Add($"r.experiment_id IN ({string.Join(", ", expIds)})");
        if (StageFilter(query.ViewType, "r.lifecycle_stage") is { } stage) where.Add(stage);
        if (filter is not null) where.Add(sql.Where(filter));
        var order = sql.OrderBy(query.OrderBy);
        var text = $"SELECT r.run_uuid FROM runs r {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY {order} LIMIT {query.MaxResults + 1} OFFSET {offset}";
        return WithConnectionAsync(async c =>
        {
            var ids = await c.QueryAsync(null, text, r => r.GetString(0), cancellationToken, [.. sql.Parameters]).ConfigureAwait(false);
            var next = ids.Count > query.MaxResults ? MakePageToken(offset + query.MaxResults) : null;
            var runs = await LoadRunsAsync(c, null, ids.Take(query.MaxResults).ToList(), cancellationToken).ConfigureAwait(false);
            return new Page<Run>(runs, next);
        }, cancellationToken);
    }
}
