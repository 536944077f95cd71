using System.Globalization;

namespace MlNotebooks.Interactive.Magics.Deploy;

/// <summary>
/// One scrape of a model server's Prometheus <c>/metrics</c>: requests answered and failed (mirrored shadow calls left
/// out) and the latency histogram's cumulative buckets summed over models, versions and variants.
/// </summary>
/// <param name="At">When it was taken.</param>
/// <param name="Requests">Requests answered, every outcome.</param>
/// <param name="Errors">Requests whose outcome was not <c>ok</c> (invalid input or a model error).</param>
/// <param name="Buckets">Upper bound (seconds; +Inf last) and cumulative count, ascending.</param>
internal sealed record MetricsSample(DateTimeOffset At, double Requests, double Errors, IReadOnlyList<(double Le, double Count)> Buckets)
{
    private const string RequestsName = "mlnb_inference_requests_total";
    private const string BucketName = "mlnb_inference_request_duration_seconds_bucket";

    /// <summary>Nothing yet: what a server has answered when it starts.</summary>
    public static MetricsSample Zero(DateTimeOffset at) => new(at, 0, 0, []);

    /// <summary>Reads the figures out of Prometheus text exposition.</summary>
    public static MetricsSample Parse(string text, DateTimeOffset at)
    {
        double requests = 0, errors = 0;
        var buckets = new SortedDictionary<double, double>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            if (brace < 0 || close < brace) continue;
            var name = line[..brace];
            if (name != RequestsName && name != BucketName) continue;
            var labels = line[(brace + 1)..close];
            if (!double.TryParse(line[(close + 1)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            if (name == RequestsName)
            {
                if (Label(labels, "protocol") == "mirror") continue;
                requests += value;
                if (Label(labels, "outcome") != "ok") errors += value;
            }
            else if (Label(labels, "variant") != "shadow" && Label(labels, "le") is { } le)
            {
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
        }
        return new MetricsSample(at, requests, errors, [.. buckets.Select(b => (b.Key, b.Value))]);
    }

    private static string? Label(string labels, string key)
    {
        var start = labels.IndexOf(key + "=\"", StringComparison.Ordinal);
        while (start > 0 && labels[start - 1] != ',') start = labels.IndexOf(key + "=\"", start + 1, StringComparison.Ordinal);
        if (start < 0) return null;
        start += key.Length + 2;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }

    /// <summary>What happened between <paramref name="earlier"/> and this sample.</summary>
    public MetricsWindow Since(MetricsSample earlier)
    {
        var seconds = (At - earlier.At).TotalSeconds;
        var requests = Requests - earlier.Requests;
        var before = earlier.Buckets.ToDictionary(b => b.Le, b => b.Count);
        var delta = Buckets.Select(b => (b.Le, b.Count - before.GetValueOrDefault(b.Le))).ToList();
        return new MetricsWindow(seconds, requests, Errors - earlier.Errors, seconds > 0 ? requests / seconds : 0,
            Quantile(delta, 0.50) * 1000, Quantile(delta, 0.99) * 1000);
    }

    /// <summary>Prometheus's <c>histogram_quantile</c>: linear within the bucket holding the rank; NaN without observations.</summary>
    internal static double Quantile(IReadOnlyList<(double Le, double Count)> cumulative, double q)
    {
        if (cumulative.Count == 0 || cumulative[^1].Count <= 0) return double.NaN;
        var rank = q * cumulative[^1].Count;
        double lower = 0, below = 0;
        foreach (var (le, count) in cumulative)
        {
            if (count >= rank)
                return double.IsPositiveInfinity(le) ? lower : lower + (le - lower) * (count - below > 0 ? (rank - below) / (count - below) : 1);
            lower = le;
            below = count;
        }
        return lower;
    }
}

/// <summary>The figures over a stretch of time between two samples.</summary>
/// <param name="Seconds">Length of the stretch.</param>
/// <param name="Requests">Requests answered in it.</param>
/// <param name="Errors">Of which failed.</param>
/// <param name="PerSecond">Requests per second.</param>
/// <param name="P50Ms">Median latency estimated from the histogram buckets, ms (NaN without requests).</param>
/// <param name="P99Ms">99th percentile latency estimate, ms.</param>
internal sealed record MetricsWindow(double Seconds, double Requests, double Errors, double PerSecond, double P50Ms, double P99Ms);
