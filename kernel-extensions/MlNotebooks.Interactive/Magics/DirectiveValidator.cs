using Microsoft.DotNet.Interactive.Directives;

namespace MlNotebooks.Interactive.Magics;

/// <summary>
/// Checks the family's magic lines before the kernel runs a cell: a missing or unknown subcommand and an unknown
/// option fail with a message naming the valid ones (the kernel itself ignores unknown options).
/// </summary>
internal sealed class DirectiveValidator(IReadOnlyList<KernelActionDirective> directives)
{
    /// <summary>Checks every magic line of a cell; the first error, or null.</summary>
    public string? Validate(string code) =>
        code.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("#!", StringComparison.Ordinal))
            .Select(l => Validate(DirectiveText.Tokenize(l))).FirstOrDefault(e => e is not null);

    /// <summary>Checks one magic line given as words; an error message, or null.</summary>
    public string? Validate(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 0) return null;
        var directive = directives.FirstOrDefault(d => d.Name == tokens[0]);
        if (directive is null) return null;
        if (directive.Subcommands.Count == 0) return UnknownOption(directive.Name, tokens.Skip(1), directive.Parameters.Select(o => o.Name).ToList());
        var valid = string.Join(", ", directive.Subcommands.Select(s => s.Name));
        if (tokens.Count < 2 || tokens[1].StartsWith("--", StringComparison.Ordinal))
            return $"{directive.Name} needs a subcommand; use one of: {valid} (e.g. `{directive.Name} {directive.Subcommands.First().Name}`)";
        var sub = directive.Subcommands.FirstOrDefault(s => s.Name == tokens[1]);
        if (sub is null)
            return $"unknown subcommand '{tokens[1]}' for {directive.Name}; use one of: {valid}";
        return UnknownOption($"{directive.Name} {sub.Name}", tokens.Skip(2), sub.Parameters.Concat(directive.Parameters).Select(o => o.Name).ToList());
    }

    private static string? UnknownOption(string command, IEnumerable<string> words, IReadOnlyList<string> options)
    {
        foreach (var token in words.Where(t => t.StartsWith("--", StringComparison.Ordinal)))
        {
            var name = token.Split('=')[0];
            if (options.Contains(name)) continue;
            return $"unknown option '{name}' for {command}; " +
                   (options.Count == 0 ? "it takes no options" : "valid options: " + string.Join(", ", options));
        }
        return null;
    }
}
