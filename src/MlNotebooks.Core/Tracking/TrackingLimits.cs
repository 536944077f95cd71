using System.Text.RegularExpressions;

namespace MlNotebooks.Tracking;

/// <summary>MLflow's validation rules for names and values, checked before anything is written.</summary>
public static partial class TrackingLimits
{
    /// <summary>Longest key of a metric, param or tag.</summary>
    public const int MaxKeyLength = 250;
    /// <summary>Longest param value.</summary>
    public const int MaxParamValueLength = 6000;
    /// <summary>Longest tag value.</summary>
    public const int MaxTagValueLength = 5000;
    /// <summary>Longest experiment or run name.</summary>
    public const int MaxNameLength = 500;
    /// <summary>Largest page a search returns.</summary>
    public const int MaxResultsLimit = 50_000;

    [GeneratedRegex(@"^[A-Za-z0-9_\-./ :]+$")]
    private static partial Regex KeyPattern();

    /// <summary>Checks a metric, param or tag key as MLflow does.</summary>
    public static void ValidateKey(string kind, string key)
    {
        if (string.IsNullOrEmpty(key))
            throw MlnbException.Invalid($"{kind} key is empty; give a name such as 'accuracy'");
        if (key.Length > MaxKeyLength)
            throw MlnbException.Invalid($"{kind} key '{Shorten(key)}' is {key.Length} characters; the limit is {MaxKeyLength}");
        if (!KeyPattern().IsMatch(key))
            throw MlnbException.Invalid($"{kind} key '{Shorten(key)}' has characters MLflow rejects; use letters, digits, '_', '-', '.', ' ', ':' and '/'");
        if (key.StartsWith('/') || key.Split('/').Any(p => p is ".." or "."))
            throw MlnbException.Invalid($"{kind} key '{Shorten(key)}' looks like a path outside the run ('/', '.' or '..' parts); use a relative name");
    }

    /// <summary>Checks a param.</summary>
    public static void Validate(Param param)
    {
        ValidateKey("param", param.Key);
        if (param.Value.Length > MaxParamValueLength)
            throw MlnbException.Invalid($"param '{param.Key}' value is {param.Value.Length} characters; the limit is {MaxParamValueLength} (log long text as an artifact)");
    }

    /// <summary>Checks a tag.</summary>
    public static void Validate(RunTag tag)
    {
        ValidateKey("tag", tag.Key);
        if (tag.Value.Length > MaxTagValueLength)
            throw MlnbException.Invalid($"tag '{tag.Key}' value is {tag.Value.Length} characters; the limit is {MaxTagValueLength} (log long text as an artifact)");
    }

    /// <summary>Checks a metric (any double, NaN and infinities included, is a valid value).</summary>
    public static void Validate(Metric metric) => ValidateKey("metric", metric.Key);

    /// <summary>Checks an experiment or run name.</summary>
    public static void ValidateName(string kind, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw MlnbException.Invalid($"{kind} name is empty; give a name");
        if (name.Length > MaxNameLength)
            throw MlnbException.Invalid($"{kind} name is {name.Length} characters; the limit is {MaxNameLength}");
    }

    /// <summary>Checks a whole batch; also rejects the same param key twice with different values.</summary>
    public static void ValidateBatch(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags)
    {
        foreach (var m in metrics) Validate(m);
        foreach (var t in tags) Validate(t);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in @params)
        {
            Validate(p);
            if (seen.TryGetValue(p.Key, out var v) && v != p.Value)
                throw MlnbException.Invalid($"param '{p.Key}' appears twice in one batch with values '{Shorten(v)}' and '{Shorten(p.Value)}'; params are write-once");
            seen[p.Key] = p.Value;
        }
    }

    /// <summary>Checks a run id's shape (32 hex characters).</summary>
    public static void ValidateRunId(string runId)
    {
        if (runId.Length != 32 || !runId.All(char.IsAsciiHexDigitLower))
            throw MlnbException.NotFound($"run '{Shorten(runId)}' does not exist (run ids are 32 lowercase hex characters); find one with `mlnb runs search`");
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
