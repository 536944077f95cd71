using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using MlNotebooks.Features.Offline;
using MlNotebooks.Features.Online;

namespace MlNotebooks.Features;

public sealed partial class FeatureStore
{
    /// <summary>
    /// Registers the definitions (Feast's <c>apply</c>): checks every source file against its view and records the
    /// views with their data versions in registry.json; opens the online store.
    /// </summary>
    public FeatureRegistryFile Apply()
    {
        using var c = DuckDb.Open();
        var state = FeatureRegistryFile.Load(StateDirectory);
        var views = new Dictionary<string, ViewState>(StringComparer.Ordinal);
        foreach (var v in Repo.FeatureViews)
        {
            var src = ResolveSource(v);
            SourceCheck.Check(Repo, v, src, DuckSchema.Of(c, src.Relation(false)));
            var old = state.Project == Repo.Project && state.FeatureViews.TryGetValue(v.Name, out var o) ? o : new ViewState();
            views[v.Name] = old with { SourcePath = Repo.SourceOf(v).Path, DataVersion = src.DataVersion };
        }
        _ = OnlineStore;
        var applied = new FeatureRegistryFile { Project = Repo.Project, AppliedAt = Options.Time.GetUtcNow(), FeatureViews = views };
        applied.Save(StateDirectory);
        return applied;
    }

    /// <summary>
    /// Loads each online view's latest row per entity with an event time in [<paramref name="start"/>, <paramref name="end"/>]
    /// into the online store (Feast's <c>materialize</c>); returns the rows written per view.
    /// </summary>
    public IReadOnlyDictionary<string, long> Materialize(DateTimeOffset start, DateTimeOffset end, IEnumerable<string>? views = null)
    {
        if (end < start) throw MlnbException.Invalid($"materialize: END ({end:O}) is before START ({start:O}); swap them");
        var picked = views?.Select(Repo.View).ToList() ?? Repo.FeatureViews.Where(v => v.Online).ToList();
        return picked.ToDictionary(v => v.Name, v => MaterializeView(v, start, end));
    }

    /// <summary>
    /// Materializes each online view from where its last materialization ended (or END − ttl, or the epoch when the
    /// ttl is 0) up to <paramref name="end"/> (Feast's <c>materialize-incremental</c>).
    /// </summary>
    public IReadOnlyDictionary<string, long> MaterializeIncremental(DateTimeOffset end)
    {
        var state = FeatureRegistryFile.Load(StateDirectory);
        var written = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in Repo.FeatureViews.Where(v => v.Online))
        {
            var last = state.Project == Repo.Project && state.FeatureViews.TryGetValue(v.Name, out var s) ? s.MostRecentEndTime : null;
            var start = last ?? (v.Ttl > TimeSpan.Zero ? end - v.Ttl : DateTimeOffset.UnixEpoch);
            written[v.Name] = start > end ? 0 : MaterializeView(v, start, end);
        }
        return written;
    }

    private long MaterializeView(FeatureView view, DateTimeOffset start, DateTimeOffset end)
    {
        using var c = DuckDb.Open();
        var src = ResolveSource(view);
        var schema = SourceCheck.Check(Repo, view, src, DuckSchema.Of(c, src.Relation(false)));
        var keys = Repo.JoinKeys(view);
        var ts = Sql.EpochMicros(src.Source.TimestampField, schema.TypeOf(src.Source.TimestampField));
        var created = src.Source.CreatedTimestampColumn is { } cc ? Sql.EpochMicros(cc, schema.TypeOf(cc)) + " DESC NULLS LAST, " : "";
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT {string.Join(", ", keys.Select(Sql.Id))}, {ts} AS __ts{string.Concat(view.Schema.Select(f => ", " + Sql.Id(f.Name)))}
            FROM {src.Relation(rowNumbers: true)}
            WHERE {ts} BETWEEN {Sql.Micros(start)} AND {Sql.Micros(end)}
            QUALIFY row_number() OVER (PARTITION BY {string.Join(", ", keys.Select(Sql.Id))} ORDER BY {ts} DESC, {created}file_row_number DESC) = 1
            """;
        var rows = new List<OnlineRow>();
        using (var r = cmd.ExecuteReader())
        {
            var keyValues = new object?[keys.Count];
            var buffer = new ArrayBufferWriter<byte>(256);
            while (r.Read())
            {
                for (var k = 0; k < keys.Count; k++) keyValues[k] = r.GetValue(k);
                buffer.ResetWrittenCount();
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartArray();
                    for (var f = 0; f < view.Schema.Count; f++) OnlineValues.Write(w, r, keys.Count + 1 + f);
                    w.WriteEndArray();
                }
                rows.Add(new OnlineRow(EntityKeys.Encode(keyValues), r.GetInt64(keys.Count), Encoding.UTF8.GetString(buffer.WrittenSpan)));
            }
        }
        OnlineStore.Write(Repo.Project, view.Name, rows);
        var state = FeatureRegistryFile.Load(StateDirectory);
        if (state.Project != Repo.Project) state = new FeatureRegistryFile { Project = Repo.Project };
        var old = state.FeatureViews.GetValueOrDefault(view.Name) ?? new ViewState { SourcePath = src.Source.Path };
        state.FeatureViews[view.Name] = old with
        {
            DataVersion = src.DataVersion,
            MostRecentEndTime = old.MostRecentEndTime is { } m && m > end ? m : end,
            MaterializationIntervals = [.. old.MaterializationIntervals, [start, end]],
        };
        state.Save(StateDirectory);
        return rows.Count;
    }
}
