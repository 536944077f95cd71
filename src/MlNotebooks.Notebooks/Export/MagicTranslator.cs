using System.Globalization;
using System.Text;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// Turns a magic line of an exported cell into the C# API call that does the same in the job (<c>#!track</c> →
/// <c>Track.*</c>, <c>#!registry register|promote</c> → <c>Registry.*</c>, <c>#!train</c> → <c>Train.Run</c>, see
/// <see cref="TrainTranslator"/>). Magics that only display are left out with a
/// note; magics with no API equivalent in a job are refused, naming the cell and the fix.
/// </summary>
internal static class MagicTranslator
{
    private static readonly HashSet<string> DisplayOnly = new(StringComparer.Ordinal)
    {
        "#!track runs", "#!track compare", "#!track chart", "#!registry list", "#!registry show", "#!about", "#!lsmagic", "#!who", "#!whos", "#!time",
    };

    /// <summary>The C# for <paramref name="line"/> (a magic line), or null when it is left out (with a note).</summary>
    public static string? Translate(string line, ExportCellRef cell, List<string> notes)
    {
        var words = Tokenize(line.Trim());
        var head = words[0];
        var verb = words.Count > 1 ? head + " " + words[1] : head;
        if (head is "#!csharp" or "#!c#" or "#!C#") return null;
        if (head == TrainTranslator.Magic) return TrainTranslator.Call(line, cell, cellDefinition: null);
        if (DisplayOnly.Contains(verb) || DisplayOnly.Contains(head))
        {
            notes.Add($"cell {cell.Index}: `{verb}` only displays; left out of the job");
            return null;
        }
        var opts = Options(words, 2);
        return verb switch
        {
            "#!track start" => $"Track.Start({Lit(Required(opts, "--experiment", line, cell))}, {LitOrNull(opts.Get("--name"))}{(opts.Has("--nested") ? ", nested: true" : "")});",
            "#!track param" => string.Join(' ', Pairs(opts, line, cell).Select(p => $"Track.Param({Lit(p.Key)}, {Lit(p.Value)});")),
            "#!track tag" => string.Join(' ', Pairs(opts, line, cell).Select(p => $"Track.Tag({Lit(p.Key)}, {Lit(p.Value)});")),
            "#!track metric" => string.Join(' ', Pairs(opts, line, cell).Select(p => $"Track.Metric({Lit(p.Key)}, {Number(p.Value, line, cell)}, {Integer(opts.Get("--step") ?? "0", line, cell)});")),
            "#!track artifact" => $"Track.Artifact({Lit(opts.Positional.FirstOrDefault() ?? Required(opts, "--path", line, cell))}, {LitOrNull(opts.Get("--to"))});",
            "#!track end" => $"Track.End(MlNotebooks.Tracking.RunStatus.{Status(opts.Get("--status") ?? "FINISHED", line, cell)});",
            "#!registry register" => $"Registry.Register({Lit(Required(opts, "--name", line, cell))}, {Lit(opts.Get("--artifact") ?? "model")}, {LitOrNull(opts.Get("--run"))});",
            "#!registry promote" => $"Registry.Promote({Lit(opts.Positional.FirstOrDefault() ?? Required(opts, "--name", line, cell))}, {Integer(Required(opts, "--version", line, cell), line, cell)}, {Lit(Required(opts, "--to", line, cell))}, {Lit(opts.Get("--reason") ?? "exported job")});",
            _ => throw MlnbException.Invalid($"cell {cell.Index} (`{cell.FirstLine}`): `{(words.Count > 1 && words[1].All(char.IsAsciiLetterLower) ? verb : head)}` has no C# API equivalent in an exported job; " +
                 (head == "#!data" ? "open data from C# with the workspace's Data client, " : "") +
                 "or tag the cell 'skip' to leave it out"),
        };
    }

    /// <summary>Parsed magic words: options by name and the positional words.</summary>
    internal sealed record MagicOptions(IReadOnlyDictionary<string, string> Named, IReadOnlySet<string> Flags, IReadOnlyList<string> Positional)
    {
        public string? Get(string name) => Named.TryGetValue(name, out var v) ? v : null;

        public bool Has(string name) => Flags.Contains(name) || Named.ContainsKey(name);
    }

    private static MagicOptions Options(IReadOnlyList<string> words, int from)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = from; i < words.Count; i++)
        {
            if (words[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal)) named[words[i]] = words[++i];
                else flags.Add(words[i]);
            }
            else positional.Add(words[i]);
        }
        return new MagicOptions(named, flags, positional);
    }

    private static string Required(MagicOptions o, string name, string line, ExportCellRef cell) =>
        o.Get(name) ?? throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}` has no {name}; add it (the notebook could not have run this line either)");

    private static IEnumerable<KeyValuePair<string, string>> Pairs(MagicOptions o, string line, ExportCellRef cell) =>
        o.Positional.Select(p => p.IndexOf('=') is var i and > 0 ? new KeyValuePair<string, string>(p[..i], p[(i + 1)..])
            : throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: '{p}' is not k=v"));

    private static string Number(string v, string line, ExportCellRef cell) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? ParameterCell.ToLiteral("value", "double", v)
        : throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: '{v}' is not a number");

    private static string Integer(string v, string line, ExportCellRef cell) =>
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture)
        : throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: '{v}' is not a whole number");

    private static string Status(string s, string line, ExportCellRef cell) => s.ToUpperInvariant() switch
    {
        "FINISHED" => "Finished",
        "FAILED" => "Failed",
        "KILLED" => "Killed",
        _ => throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: status '{s}' is not FINISHED, FAILED or KILLED"),
    };

    private static string Lit(string s) => ParameterCell.StringLiteral(s);

    private static string LitOrNull(string? s) => s is null ? "null" : Lit(s);

    /// <summary>Splits a magic line into words; double quotes group words, <c>\"</c> escapes a quote.</summary>
    internal static List<string> Tokenize(string line)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false, any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; any = true; }
            else if (c == '"') { quoted = !quoted; any = true; }
            else if (char.IsWhiteSpace(c) && !quoted) { if (any) words.Add(sb.ToString()); sb.Clear(); any = false; }
            else { sb.Append(c); any = true; }
        }
        if (any) words.Add(sb.ToString());
        return words;
    }
}

/// <summary>A cell as messages name it: its index and first line.</summary>
public sealed record ExportCellRef(int Index, string FirstLine);
