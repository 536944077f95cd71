using System.Reflection;
using System.Text;
using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics;

/// <summary>
/// The words of a magic line. The kernel binds only one implicit value (<c>#!track param a=1 b=2</c> binds nothing),
/// so handlers that take several <c>k=v</c> read them from the directive's own text.
/// </summary>
internal static class DirectiveText
{
    private static readonly PropertyInfo? NodeProperty =
        typeof(KernelDirectiveCommand).GetProperty("DirectiveNode", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    /// <summary>The tokens of the line that produced <paramref name="command"/>, or null when the kernel hides it.</summary>
    public static IReadOnlyList<string>? Of(KernelDirectiveCommand command)
    {
        var node = NodeProperty?.GetValue(command)?.ToString();
        if (node is null) return null;
        var start = node.IndexOf("#!", StringComparison.Ordinal);
        return start < 0 ? null : Tokenize(node[start..].Split('\n')[0]);
    }

    /// <summary>Splits a magic line into words; double quotes group words, <c>\"</c> escapes a quote.</summary>
    public static IReadOnlyList<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        bool inQuotes = false, any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; any = true; }
            else if (c == '"') { inQuotes = !inQuotes; any = true; }
            else if (char.IsWhiteSpace(c) && !inQuotes)
            {
                if (any) tokens.Add(sb.ToString());
                sb.Clear(); any = false;
            }
            else { sb.Append(c); any = true; }
        }
        if (any) tokens.Add(sb.ToString());
        return tokens;
    }

    /// <summary>
    /// The positional words after the subcommand (from word <paramref name="start"/>; 1 for a magic without
    /// subcommands): words that are not options and not the value of a valued option.
    /// </summary>
    public static IReadOnlyList<string> Positionals(IReadOnlyList<string> tokens, ISet<string> valuedOptions, int start = 2)
    {
        var result = new List<string>();
        for (var i = start; i < tokens.Count; i++)
        {
            if (tokens[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (valuedOptions.Contains(tokens[i])) i++;
                continue;
            }
            result.Add(tokens[i]);
        }
        return result;
    }
}
