using System.Globalization;
using MlNotebooks.Storage.Sql;
using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Registered models matching an MLflow filter (<c>name LIKE 'churn%'</c>, <c>tags.team = 'growth'</c>), ordered
    /// by <c>name</c> or <c>last_updated_timestamp</c> (ASC/DESC; name by default), and kept only where
    /// <paramref name="visible"/> says so (permission filtering). Pages carry an offset token.
    /// </summary>
    public async Task<Page<RegisteredModel>> SearchModelsAsync(string? filter, IReadOnlyList<string>? orderBy, int maxResults, string? pageToken,
        Func<string, bool>? visible = null, CancellationToken cancellationToken = default)
    {
        var f = RegistryFilter.Parse(filter, "name");
        SqlTrackingStore.ValidateMaxResults(maxResults);
        var offset = SqlTrackingStore.ParsePageToken(pageToken);
        var all = new List<RegisteredModel>();
        if (f.Equality("name") is { } only)
        {
            if (await Store.GetRegisteredModelAsync(only, cancellationToken).ConfigureAwait(false) is { } m) all.Add(m);
        }
        else
        {
            string? token = null;
            do
            {
                var page = await Store.SearchRegisteredModelsAsync(1000, token, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Items);
                token = page.NextPageToken;
            } while (token is not null);
        }
        var matched = all.Where(m => (visible?.Invoke(m.Name) ?? true) && f.Matches(a => a == "name" ? m.Name : m.Tags.GetValueOrDefault(a["tags.".Length..])));
        var ordered = Order(matched, orderBy, "name", "last_updated_timestamp", (m, key) => key == "name" ? m.Name : m.LastUpdatedTime.ToUnixTimeMilliseconds());
        return Paginate(ordered, offset, maxResults);
    }

    /// <summary>Versions matching an MLflow filter (<c>name = 'churn'</c>, <c>run_id IN ('a','b')</c>, <c>source</c>, <c>version_number</c>, tags), newest first by default.</summary>
    public async Task<Page<ModelVersion>> SearchVersionsAsync(string? filter, IReadOnlyList<string>? orderBy, int maxResults, string? pageToken,
        Func<string, bool>? visible = null, CancellationToken cancellationToken = default)
    {
        var f = RegistryFilter.Parse(filter, "name", "run_id", "source", "source_path", "version_number", "user_id");
        SqlTrackingStore.ValidateMaxResults(maxResults);
        var offset = SqlTrackingStore.ParsePageToken(pageToken);
        var models = (await SearchModelsAsync(f.Equality("name") is { } n ? $"name = '{n.Replace("'", "", StringComparison.Ordinal)}'" : null, null, TrackingLimits.MaxResultsLimit, null, visible, cancellationToken).ConfigureAwait(false)).Items;
        var versions = new List<ModelVersion>();
        foreach (var m in models) versions.AddRange(await Store.ListModelVersionsAsync(m.Name, cancellationToken).ConfigureAwait(false));
        var matched = versions.Where(v => f.Matches(a => a switch
        {
            "name" => v.Name,
            "run_id" => v.RunId,
            "source" or "source_path" => v.Source,
            "version_number" => v.Version.ToString(CultureInfo.InvariantCulture),
            "user_id" => v.UserId,
            _ => v.Tags.GetValueOrDefault(a["tags.".Length..]),
        }));
        var ordered = orderBy is { Count: > 0 }
            ? Order(matched, orderBy, "version_number", "creation_timestamp", (v, key) => key switch
            {
                "name" => v.Name,
                "version_number" => (IComparable)v.Version,
                "last_updated_timestamp" => v.LastUpdatedTime.ToUnixTimeMilliseconds(),
                _ => v.CreationTime.ToUnixTimeMilliseconds(),
            }, "name", "last_updated_timestamp")
            : matched.OrderBy(v => v.Name, StringComparer.Ordinal).ThenByDescending(v => v.Version);
        return Paginate(ordered, offset, maxResults);
    }

    /// <summary>MLflow GetLatestVersions: this registry has aliases, not stages, so every version's stage is "None".</summary>
    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        if (stages is { Count: > 0 } && !stages.Any(s => string.Equals(s, "None", StringComparison.OrdinalIgnoreCase))) return [];
        var versions = await Store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? [] : [versions[0]];
    }

    private static IOrderedEnumerable<T> Order<T>(IEnumerable<T> items, IReadOnlyList<string>? orderBy, string first, string second, Func<T, string, IComparable> key, params string[] more)
    {
        var clauses = (orderBy is { Count: > 0 } ? orderBy : [first]).Select(o =>
        {
            var parts = o.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var field = parts.Length > 0 ? parts[0].Trim('`') : "";
            if (field != first && field != second && !more.Contains(field) || parts.Length > 2 || (parts.Length == 2 && parts[1].ToUpperInvariant() is not ("ASC" or "DESC")))
                throw MlnbException.Invalid($"invalid order_by clause '{o}'; use {string.Join(", ", new[] { first, second }.Concat(more))} followed by ASC or DESC");
            return (Field: field, Desc: parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase));
        }).ToList();
        var ordered = clauses[0].Desc ? items.OrderByDescending(i => key(i, clauses[0].Field)) : items.OrderBy(i => key(i, clauses[0].Field));
        foreach (var c in clauses.Skip(1)) ordered = c.Desc ? ordered.ThenByDescending(i => key(i, c.Field)) : ordered.ThenBy(i => key(i, c.Field));
        return ordered;
    }

    private static Page<T> Paginate<T>(IEnumerable<T> ordered, int offset, int maxResults)
    {
        var slice = ordered.Skip(offset).Take(maxResults + 1).ToList();
        return new Page<T>([.. slice.Take(maxResults)], slice.Count > maxResults ? SqlTrackingStore.MakePageToken(offset + maxResults) : null);
    }
}
