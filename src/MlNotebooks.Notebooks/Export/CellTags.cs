using System.Text.RegularExpressions;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// The tag language of an exported notebook, as data (Kale's <c>_TAGS_LANGUAGE</c> in our shape): each rule is a pattern,
/// what it means and which other rules it may be combined with. Any other tag on a code cell is refused, listing these.
/// </summary>
public static partial class CellTags
{
    /// <summary>papermill's parameters tag: the cell's declarations become the job's parameters.</summary>
    public static readonly CellTagRule Parameters = new(ParameterCell.ParametersTag, CellRole.Parameters,
        "papermill's defaults: each declaration becomes a job parameter (argument, environment or YAML)", ["step:NAME"]);

    /// <summary>papermill's injected cell in an executed notebook: left out (the job reads its own parameters).</summary>
    public static readonly CellTagRule Injected = new(ParameterCell.InjectedTag, CellRole.Injected,
        "values papermill injected into an executed notebook; left out of the job", []);

    /// <summary>Exploration left out of the job.</summary>
    public static readonly CellTagRule Skip = new("skip", CellRole.Skip, "exploration: left out of the job", []);

    /// <summary>Starts a step; untagged cells after it join it.</summary>
    public static readonly CellTagRule Step = new("step:NAME", CellRole.Step,
        "starts step NAME (lower-case letters, digits, '-'); untagged cells after it join it", [ParameterCell.ParametersTag]);

    /// <summary>The whole table, in the order help lists it.</summary>
    public static IReadOnlyList<CellTagRule> Table { get; } = [Parameters, Injected, Skip, Step];

    [GeneratedRegex("^step:(?<name>[a-z][a-z0-9-]{0,39})$")]
    private static partial Regex StepTag();

    /// <summary>
    /// What a code cell's tags mark it as; throws naming the cell, the tag and the accepted tags for an unknown tag, a
    /// malformed step name, two steps, or a combination the table does not allow.
    /// </summary>
    public static CellMarking Read(IReadOnlyList<string> tags, int index, string firstLine)
    {
        var roles = new List<(CellTagRule Rule, string Tag)>();
        string? step = null;
        foreach (var tag in tags)
        {
            var rule = Table.FirstOrDefault(r => r.Role != CellRole.Step && r.Pattern == tag);
            if (rule is null && tag.StartsWith("step:", StringComparison.Ordinal))
            {
                var m = StepTag().Match(tag);
                if (!m.Success) throw MlnbException.Invalid($"cell {index} (`{firstLine}`): tag '{tag}' has an invalid step name; use step:NAME with lower-case letters, digits and '-' (e.g. step:train)");
                if (step is not null) throw MlnbException.Invalid($"cell {index} (`{firstLine}`) has two step tags ('step:{step}', '{tag}'); keep one");
                step = m.Groups["name"].Value;
                rule = Step;
            }
            if (rule is null) throw MlnbException.Invalid($"cell {index} (`{firstLine}`) has unknown tag '{tag}'; accepted tags: {Accepted}");
            roles.Add((rule, tag));
        }
        foreach (var (rule, tag) in roles)
            foreach (var (other, otherTag) in roles)
                if (!ReferenceEquals(rule, other) && !rule.AllowedWith.Contains(other.Pattern))
                    throw MlnbException.Invalid($"cell {index} (`{firstLine}`): tag '{tag}' cannot be combined with '{otherTag}'; " +
                        (rule.AllowedWith.Count == 0 ? $"'{rule.Pattern}' stands alone" : $"'{rule.Pattern}' goes only with {string.Join(", ", rule.AllowedWith.Select(a => $"'{a}'"))}"));
        bool Has(CellRole r) => roles.Any(x => x.Rule.Role == r);
        return new CellMarking(Has(CellRole.Parameters), Has(CellRole.Injected), Has(CellRole.Skip), step);
    }

    /// <summary>The accepted tags, for messages and help.</summary>
    public static string Accepted => string.Join(", ", Table.Select(r => $"'{r.Pattern}'"));
}
