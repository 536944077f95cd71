using System.Globalization;

namespace MlNotebooks.Features;

/// <summary>Reads ttl values: seconds (<c>86400</c>) or a number with a unit (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, <c>2w</c>).</summary>
public static class Durations
{
    /// <summary>Parses a duration; <paramref name="field"/> names it in the error.</summary>
    public static TimeSpan Parse(string text, string field)
    {
        var t = text.Trim();
        var hasUnit = t.Length > 0 && char.IsLetter(t[^1]);
        var unit = hasUnit ? char.ToLowerInvariant(t[^1]) : 's';
        var number = hasUnit ? t[..^1] : t;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
            throw MlnbException.Invalid($"{field}: '{text}' is not a duration; write seconds (86400) or a number with s, m, h, d or w (e.g. 2d; 0 = unlimited)");
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => throw MlnbException.Invalid($"{field}: unit '{unit}' in '{text}' is not known; use s, m, h, d or w"),
        };
    }

    /// <summary>Writes a duration the way <see cref="Parse"/> reads it back.</summary>
    public static string Format(TimeSpan span) =>
        span == TimeSpan.Zero ? "0" : span.TotalSeconds % 86400 == 0 ? $"{span.TotalDays:0}d" : span.TotalSeconds % 3600 == 0 ? $"{span.TotalHours:0}h" : $"{span.TotalSeconds:0}s";
}
