using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

/// <summary>The tracking store over SQLite or PostgreSQL: one implementation, the dialect differences live in <see cref="SqlDatabase"/>.</summary>
internal sealed partial class SqlTrackingStore(SqlDatabase database, bool ownsDatabase = true) : ITrackingStore
{
    internal const string ArtifactScheme = "mlnb-artifacts:/";

    public string DisplayUri => database.DisplayUri;

    internal SqlDatabase Database => database;

    private Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> action, CancellationToken cancellationToken) =>
        database.WithConnectionAsync(action, cancellationToken);

    private Task<T> WithWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        database.WithWriteAsync(action, cancellationToken);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string Stage(LifecycleStage stage) => stage == LifecycleStage.Active ? "active" : "deleted";

    private static LifecycleStage ParseStage(string s) => s == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    private static string? StageFilter(ViewType viewType, string column) => viewType switch
    {
        ViewType.ActiveOnly => $"{column} = 'active'",
        ViewType.DeletedOnly => $"{column} = 'deleted'",
        _ => null,
    };

    internal static int ParsePageToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), out var offset) && offset >= 0) return offset;
        }
        catch (FormatException) { }
        throw MlnbException.Invalid($"page token '{TrackingLimits.Shorten(token)}' is not valid; pass the next_page_token of a previous page unchanged");
    }

    internal static string MakePageToken(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"offset:{offset}"));

    internal static void ValidateMaxResults(int maxResults)
    {
        if (maxResults < 1 || maxResults > TrackingLimits.MaxResultsLimit)
            throw MlnbException.Invalid($"max results {maxResults} is out of range; use 1 to {TrackingLimits.MaxResultsLimit}");
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsDatabase) await database.DisposeAsync().ConfigureAwait(false);
    }
}
