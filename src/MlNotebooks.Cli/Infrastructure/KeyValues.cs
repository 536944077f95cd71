using System.Globalization;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>Parses <c>k=v</c> and <c>k=v@step</c> arguments.</summary>
internal static class KeyValues
{
    public static (string Key, string Value) Parse(string text, string option)
    {
        var i = text.IndexOf('=');
        if (i <= 0)
            throw MlnbException.Invalid($"{option} '{text}' is not KEY=VALUE; write e.g. {option} lr=0.01");
        return (text[..i], text[(i + 1)..]);
    }

    public static (string Key, double Value, long Step) ParseMetric(string text)
    {
        var (key, rest) = Parse(text, "--metric");
        long step = 0;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            if (!long.TryParse(rest[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out step))
                throw MlnbException.Invalid($"--metric '{text}' has a step that is not an integer; write e.g. --metric loss=0.3@10");
            rest = rest[..at];
        }
        if (!TryParseDouble(rest, out var value))
            throw MlnbException.Invalid($"--metric '{text}' has a value that is not a number; write e.g. --metric acc=0.93 (NaN, Inf and -Inf are allowed)");
        return (key, value, step);
    }

    public static bool TryParseDouble(string s, out double value)
    {
        switch (s.Trim().ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
