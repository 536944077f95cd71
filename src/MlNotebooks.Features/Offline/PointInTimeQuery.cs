using System.Reflection;
using System.Text;

namespace MlNotebooks.Features.Offline;

/// <summary>
/// Builds the point-in-time SQL from the embedded template (<c>point-in-time.sql</c>, Feast's numbered stages) for
/// entity rows and the selected views; checks the entity frame's timestamp and key types first.
/// </summary>
internal static class PointInTimeQuery
{
    /// <summary>Feast's default name of the entity frame's timestamp column.</summary>
    public const string EntityTimestamp = "event_timestamp";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sections = new(LoadSections);

    public static string EntityTimestampColumn(EntityInput entity)
    {
        if (entity.Schema.Has(EntityTimestamp)) return EntityTimestamp;
        var times = entity.Schema.Columns.Where(c => DuckSchema.IsTimestamp(c.Value)).Select(c => c.Key).ToList();
        return times.Count == 1 ? times[0]
            : times.Count == 0 ? throw MlnbException.Invalid($"entity frame {entity.Origin} has no timestamp column; add an '{EntityTimestamp}' column (UTC) with each row's point in time")
            : throw MlnbException.Invalid($"entity frame {entity.Origin} has several timestamp columns ({string.Join(", ", times)}); name the one to join on '{EntityTimestamp}'");
    }

    // Without a created column the tie-break is (event time, file row): packed into one HUGEINT, which the ASOF join
    // compares faster than a struct (file rows stay below 2^40).
    private const string RowSpan = "1099511627776";

    private static string PackedEntity(string ts) => $"{ts}::HUGEINT * {RowSpan} + ({RowSpan} - 1)";

    /// <summary>
    /// When the event times after the prefilter span few enough microseconds, (event ts, file row) packs into a BIGINT
    /// ((ts − low) × rows + row), which the ASOF join compares as fast as a bare timestamp.
    /// </summary>
    private readonly record struct Packing(long Low, long Rows);

    private static Packing? PackingFor(FeatureView view, ResolvedSource src, (long MinTs, long Rows) stats, (long Min, long Max) bounds)
    {
        if (src.Source.CreatedTimestampColumn is not null) return null;
        var low = view.Ttl > TimeSpan.Zero ? Math.Max(stats.MinTs, bounds.Min - view.Ttl.Ticks / 10) : stats.MinTs;
        var rows = Math.Max(stats.Rows, 1);
        var span = (Int128)bounds.Max - low + 1;
        return span > 0 && span * rows < (Int128)1 << 62 ? new Packing(low, rows) : null;
    }

    /// <summary>The first event time and the row count of a source (Parquet counts come from its metadata).</summary>
    public static (long MinTs, long Rows) Stats(DuckDB.NET.Data.DuckDBConnection connection, ResolvedSource src, DuckSchema schema)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT min({Sql.EpochMicros(src.Source.TimestampField, schema.TypeOf(src.Source.TimestampField))}), count(*) FROM {src.Relation(false)}";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.IsDBNull(0) ? 0 : r.GetInt64(0), r.GetInt64(1));
    }

    private static string StructEntity(string ts) => $"{{'t': {ts}, 'c': 9223372036854775807, 'r': 9223372036854775807}}";

    /// <summary>The first and last entity timestamps (epoch microseconds), for the views' prefilter.</summary>
    public static (long Min, long Max) Bounds(DuckDB.NET.Data.DuckDBConnection connection, EntityInput entity)
    {
        var ts = EntityTimestampColumn(entity);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT min({Sql.EpochMicros(ts, entity.Schema.TypeOf(ts))}), max({Sql.EpochMicros(ts, entity.Schema.TypeOf(ts))}) FROM {entity.Relation}";
        using var r = cmd.ExecuteReader();
        r.Read();
        return r.IsDBNull(0) ? (0, 0) : (r.GetInt64(0), r.GetInt64(1));
    }

    public static (string Sql, IReadOnlyList<string> FeatureColumns) Build(FeatureRepo repo, EntityInput entity, IReadOnlyList<(FeatureSelection Selection, ResolvedSource Source, DuckSchema Schema)> views, bool fullFeatureNames, (long Min, long Max) bounds, IReadOnlyList<(long MinTs, long Rows)> stats)
    {
        var packings = views.Select((v, i) => PackingFor(v.Selection.View, v.Source, stats[i], bounds)).ToList();
        var ts = EntityTimestampColumn(entity);
        var tsType = entity.Schema.TypeOf(ts);
        if (!DuckSchema.IsTimestamp(tsType) && DuckSchema.Family(tsType) != "string")
            throw MlnbException.Invalid($"entity frame {entity.Origin}: column '{ts}' is {tsType}, not a timestamp; give UTC timestamps");
        var s = Sections.Value;
        var sql = new StringBuilder("WITH\n");
        sql.Append(s["entity"].Replace("{entity_ts}", Sql.EpochMicros(ts, tsType)).Replace("{entity_relation}", entity.Relation)
            .Replace("{row_id}", entity.RowId)
            .Replace("{entity_orders}", string.Concat(views.Select((v, i) => ", " + (packings[i] is { } p
                ? $"greatest(__entity_ts - {p.Low}, -1) * {p.Rows} + {p.Rows - 1}"
                : v.Source.Source.CreatedTimestampColumn is null ? PackedEntity("__entity_ts") : StructEntity("__entity_ts")) + $" AS __entity_order{i}"))));
        var columns = entity.Schema.Columns.Keys.Select(c => "e." + Sql.Id(c)).ToList();
        var names = new HashSet<string>(entity.Schema.Columns.Keys, StringComparer.Ordinal);
        var featureColumns = new List<string>();
        var joins = new StringBuilder();
        for (var i = 0; i < views.Count; i++)
        {
            var (sel, src, schema) = views[i];
            var view = sel.View;
            var keys = repo.JoinKeys(view);
            foreach (var k in keys)
            {
                if (!entity.Schema.Has(k)) throw MlnbException.Invalid($"entity frame {entity.Origin} has no column '{k}', the join key of feature view '{view.Name}'; add it");
                var (a, b) = (DuckSchema.Family(entity.Schema.TypeOf(k)), DuckSchema.Family(schema.TypeOf(k)));
                if (a != b) throw MlnbException.Invalid($"entity frame {entity.Origin}: join key '{k}' is {entity.Schema.TypeOf(k)} but source '{src.Source.Name}' has {schema.TypeOf(k)}; cast the column to the source's type");
            }
            var alias = "v" + i;
            var fts = Sql.EpochMicros(src.Source.TimestampField, schema.TypeOf(src.Source.TimestampField));
            var order = src.Source.CreatedTimestampColumn is { } c
                ? $"{{'t': {fts}, 'c': coalesce({Sql.EpochMicros(c, schema.TypeOf(c))}, -9223372036854775808), 'r': file_row_number}}"
                : packings[i] is { } p ? $"({fts} - {p.Low}) * {p.Rows} + file_row_number"
                : $"({fts})::HUGEINT * {RowSpan} + file_row_number";
            var keyList = string.Join(", ", keys.Select(Sql.Id));
            sql.Append(",\n").Append(s["view"]
                .Replace("{view_cte}", "__" + alias).Replace("{view}", view.Name)
                .Replace("{keys}", keyList).Replace("{ts}", fts)
                .Replace("{features}", string.Concat(sel.Features.Select(f => ", " + Sql.Id(f.Name))))
                .Replace("{source_relation}", src.Relation(rowNumbers: true))
                .Replace("{max_entity_ts}", bounds.Max.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Replace("{ttl_prefilter}", packings[i] is { } low ? $"\n    AND {fts} >= {low.Low}"
                    : view.Ttl > TimeSpan.Zero ? $"\n    AND {fts} >= {bounds.Min - (long)(view.Ttl.Ticks / 10)}" : "")
                .Replace("{order}", order));
            joins.Append($"ASOF LEFT JOIN __{alias} AS {alias} ON ")
                .Append(string.Join(" AND ", keys.Select(k => $"e.{Sql.Id(k)} = {alias}.{Sql.Id(k)}")))
                .Append($" AND e.__entity_order{i} >= {alias}.__order\n");
            foreach (var f in sel.Features)
            {
                var name = fullFeatureNames ? $"{view.Name}__{f.Name}" : f.Name;
                if (!names.Add(name))
                    throw MlnbException.Invalid($"feature name '{name}' appears twice in the result; request full feature names (full_feature_names / --full-feature-names) or rename a column");
                var value = $"{alias}.{Sql.Id(f.Name)}";
                columns.Add((view.Ttl > TimeSpan.Zero ? $"CASE WHEN {alias}.__ts >= e.__entity_ts - {Sql.Micros(view.Ttl)} THEN {value} END" : value) + " AS " + Sql.Id(name));
                featureColumns.Add(name);
            }
        }
        sql.Append('\n').Append(s["final"].Replace("{columns}", string.Join(", ", columns)).Replace("{joins}", joins.ToString().TrimEnd()));
        return (sql.ToString(), featureColumns);
    }

    private static IReadOnlyDictionary<string, string> LoadSections()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("point-in-time.sql")!;
        var text = new StreamReader(stream).ReadToEnd();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split("--@")[1..])
        {
            var nl = part.IndexOf('\n');
            result[part[..nl].Trim()] = part[(nl + 1)..].TrimEnd() + "\n";
        }
        return result;
    }
}
