using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// The template mechanism, kept tiny on purpose: the files under <c>templates/</c> are plain <c>dotnet new</c>
/// templates, so the exporter does exactly what <c>dotnet new</c> does with them — replace the literal symbol values
/// (<c>MlnbJob</c>, <c>mlnb-app</c>, <c>mlnb-model</c>, …) in names and text — plus one thing <c>dotnet new</c> leaves
/// alone: a region between comment lines holding <c>&gt;&gt;mlnb:NAME</c> and <c>&lt;&lt;mlnb:NAME</c> is replaced by
/// the generated slot NAME (the cells, the parameters). The same files build as templates and render as exports, no
/// engine to learn, and the output depends only on the model (ordinal, single-pass replacement).
/// </summary>
internal static partial class TemplateRenderer
{
    private const string Prefix = "templates/";

    [GeneratedRegex(@"(>>|<<)mlnb:(?<name>[a-z-]+)")]
    private static partial Regex Marker();

    /// <summary>The files of template <paramref name="template"/> (e.g. <c>mlnb-train</c>), without <c>.template.config</c>, sorted by path.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(string template)
    {
        var asm = typeof(TemplateRenderer).Assembly;
        var prefix = Prefix + template + "/";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n.Contains("/.template.config/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(asm, n)))
            .ToList();
    }

    private static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd().ReplaceLineEndings("\n");
    }

    /// <summary>Replaces every token (longest first, one pass) in <paramref name="text"/>.</summary>
    public static string ReplaceTokens(string text, IReadOnlyDictionary<string, string> tokens)
    {
        if (tokens.Count == 0) return text;
        var pattern = string.Join('|', tokens.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape));
        return Regex.Replace(text, pattern, m => tokens[m.Value]);
    }

    /// <summary>Replaces the tokens in the template text, then fills the slots (indented like their marker line; generated text is not
    /// token-replaced); a slot not given keeps its sample text.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> tokens, IReadOnlyDictionary<string, string> slots)
    {
        var lines = ReplaceTokens(text, tokens).Split('\n');
        var output = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Marker().Match(lines[i]);
            if (!m.Success || m.Groups[1].Value != ">>")
            {
                output.Add(lines[i]);
                continue;
            }
            var name = m.Groups["name"].Value;
            var end = Array.FindIndex(lines, i + 1, l => l.Contains("<<mlnb:" + name, StringComparison.Ordinal));
            if (end < 0) throw new MlnbException(ErrorCode.InternalError, $"template slot '{name}' has no end marker");
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            if (!slots.TryGetValue(name, out var given)) output.AddRange(lines[(i + 1)..end]);
            else if (given.Length > 0) output.AddRange(given.Split('\n').Select(l => l.Length == 0 ? l : indent + l));
            i = end;
        }
        return string.Join('\n', output);
    }
}
