using System.Text.Json.Serialization;
using MlNotebooks.Monitoring.Profiles;

namespace MlNotebooks.Features.Monitoring;

/// <summary>
/// A feature view's profile at one data version (<c>profiles/VIEW/VERSION.json</c> in the store's state folder): a
/// summary per feature and where that version's rows are kept, so later versions can be compared with it.
/// </summary>
public sealed record FeatureProfile
{
    /// <summary>The view.</summary>
    [JsonPropertyName("view")] public required string View { get; init; }

    /// <summary>The data version: the DVC md5 of a tracked source, else the md5 of the file's bytes.</summary>
    [JsonPropertyName("data_version")] public required string DataVersion { get; init; }

    /// <summary>The source path as defined.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>Where this version's rows are: the content store's blob of a tracked source, else a copy kept beside the profile.</summary>
    [JsonPropertyName("data")] public required string Data { get; init; }

    /// <summary><c>parquet</c> or <c>csv</c>.</summary>
    [JsonPropertyName("format")] public required string Format { get; init; }

    /// <summary>When the profile was taken.</summary>
    [JsonPropertyName("profiled_at")] public required DateTimeOffset ProfiledAt { get; init; }

    /// <summary>Rows of the source.</summary>
    [JsonPropertyName("rows")] public required long Rows { get; init; }

    /// <summary>One summary per feature.</summary>
    [JsonPropertyName("features")] public required IReadOnlyList<FeatureSummary> Features { get; init; }
}

/// <summary>One feature's summary at a version (from the mergeable column profile: moments, KLL quantiles, HyperLogLog, frequent items).</summary>
public sealed record FeatureSummary
{
    /// <summary>The feature.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary><c>numeric</c> or <c>categorical</c>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Missing values.</summary>
    [JsonPropertyName("nulls")] public long Nulls { get; init; }

    /// <summary>Mean (numeric).</summary>
    [JsonPropertyName("mean")] public double? Mean { get; init; }

    /// <summary>Standard deviation (numeric).</summary>
    [JsonPropertyName("std")] public double? Std { get; init; }

    /// <summary>Minimum (numeric).</summary>
    [JsonPropertyName("min")] public double? Min { get; init; }

    /// <summary>Median, approximate (numeric).</summary>
    [JsonPropertyName("p50")] public double? P50 { get; init; }

    /// <summary>Maximum (numeric).</summary>
    [JsonPropertyName("max")] public double? Max { get; init; }

    /// <summary>Distinct values, approximate.</summary>
    [JsonPropertyName("distinct")] public long Distinct { get; init; }

    /// <summary>The most frequent values and their counts (categorical), at most five.</summary>
    [JsonPropertyName("top")] public IReadOnlyDictionary<string, long>? Top { get; init; }

    internal static FeatureSummary Of(ColumnProfile p)
    {
        var numeric = p.Kind == "numeric";
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        return new FeatureSummary
        {
            Name = p.Name,
            Kind = p.Kind,
            Nulls = numeric ? p.Moments.Nulls : p.Nulls,
            Mean = numeric ? Finite(p.Moments.Mean) : null,
            Std = numeric ? Finite(Math.Sqrt(p.Moments.Variance)) : null,
            Min = numeric ? Finite(p.Moments.Min) : null,
            P50 = numeric && p.Quantiles.Count > 0 ? p.Quantiles.Quantile(0.5) : null,
            Max = numeric ? Finite(p.Moments.Max) : null,
            Distinct = (long)Math.Round(p.Distinct.Estimate()),
            Top = numeric ? null : p.Frequent.Top.Take(5).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }
}
