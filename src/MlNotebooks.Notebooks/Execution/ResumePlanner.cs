using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Analysis;
using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>
/// Plans <c>--resume</c>: run again from the first failed cell, replaying only the earlier cells that define or touch
/// state the remaining cells use (found from the C# syntax: names declared in earlier cells and mentioned later,
/// followed transitively). When that cannot be done correctly it says so and plans a run from the top.
/// </summary>
internal static class ResumePlanner
{
    public static ResumePlan Plan(Notebook nb, IReadOnlyDictionary<string, string> given, List<string> notes)
    {
        var cells = nb.Cells.OfType<JsonObject>().ToList();
        var saved = (nb.Metadata["papermill"] as JsonObject)?["parameters"] as JsonObject;
        var savedParams = saved?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "") ?? [];
        ResumePlan Top(string why)
        {
            notes.Add($"resume: {why}; running from the top");
            return ResumePlan.FromTop with { Parameters = given.Count > 0 ? null : savedParams };
        }
        if (given.Count > 0 && !(given.Count == savedParams.Count && given.All(kv => savedParams.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            return Top("the parameters differ from the run being resumed");
        var failed = cells.FindIndex(c => c.CellType() == "code" && (string?)(c.CellMetadata()["papermill"] as JsonObject)?["status"] is "failed" or "pending" or null && !string.IsNullOrWhiteSpace(c.Source()));
        if (failed < 0) return Top("no cell failed in that notebook");
        var before = Enumerable.Range(0, failed).Where(i => cells[i].CellType() == "code").ToList();
        if (before.Any(i => cells[i].Source().Contains("#!track end", StringComparison.Ordinal) || cells[i].Source().Contains("Track.End", StringComparison.Ordinal)))
            return Top("a cell before the failed one ends a tracked run, which replaying cannot restore");

        var names = cells.Select(c => c.CellType() == "code" ? Analyze(c.Source()) : (Declared: new HashSet<string>(), Used: new HashSet<string>())).ToList();
        var declaredBefore = before.SelectMany(i => names[i].Declared).ToHashSet();
        var needed = Enumerable.Range(failed, cells.Count - failed).SelectMany(i => names[i].Used).Where(declaredBefore.Contains).ToHashSet();
        var replay = new SortedSet<int>();
        foreach (var i in Enumerable.Reverse(before))
        {
            var touches = names[i].Used.Overlaps(needed) || names[i].Declared.Overlaps(needed);
            if (!touches && !DefinesEnvironment(cells[i])) continue;
            replay.Add(i);
            needed.UnionWith(names[i].Used.Where(declaredBefore.Contains));
        }
        var kept = Enumerable.Range(0, failed).Where(i => !replay.Contains(i)).ToHashSet();
        notes.Add($"resume: starting at cell {failed}; replaying cell(s) {(replay.Count == 0 ? "none" : string.Join(", ", replay))} that define state it uses; " +
                  $"keeping the outputs of {kept.Count(i => cells[i].CellType() == "code")} other earlier code cell(s)");
        return new ResumePlan(kept, savedParams);
    }

    /// <summary>Cells that set up the kernel for everything after them: references, usings, parameters, a tracked run.</summary>
    private static bool DefinesEnvironment(JsonObject cell)
    {
        if (cell.Tags().Any(t => t is ParameterCell.ParametersTag or ParameterCell.InjectedTag)) return true;
        return cell.Source().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimStart())
            .Any(l => l.StartsWith("#r ", StringComparison.Ordinal) || l.StartsWith("#i ", StringComparison.Ordinal) ||
                      l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("#!track start", StringComparison.Ordinal) ||
                      l.StartsWith("#!import", StringComparison.Ordinal) || l.Contains("Track.Start", StringComparison.Ordinal));
    }

    /// <summary>Names a cell declares at top level, and every identifier it mentions (the shared <see cref="CellAnalyzer"/>).</summary>
    internal static (HashSet<string> Declared, HashSet<string> Used) Analyze(string source)
    {
        var names = CellAnalyzer.Analyze(source);
        return (names.Declared.ToHashSet(StringComparer.Ordinal), names.Used.ToHashSet(StringComparer.Ordinal));
    }
}
