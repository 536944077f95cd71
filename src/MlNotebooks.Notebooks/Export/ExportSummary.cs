using System.Globalization;

namespace MlNotebooks.Notebooks.Export;

/// <summary>What <c>mlnb export</c> and <c>#!export</c> print after writing.</summary>
public static class ExportSummary
{
    /// <summary>The lines: where, the steps with their inputs, what was left out, and what to run next.</summary>
    public static IEnumerable<string> Lines(ExportResult r, TimeSpan elapsed)
    {
        var plan = r.Model.Plan;
        yield return $"exported {r.Model.NotebookFileName} to {r.Output} ({r.Files.Count} files, {elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms)";
        if (plan.Parameters.Count > 0) yield return "  parameters: " + string.Join(", ", plan.Parameters.Select(p => $"{p.Name} = {p.DefaultText}"));
        foreach (var s in plan.Steps)
            yield return $"  step {s.Name}: cell(s) {string.Join(", ", s.Cells.Select(c => c.Cell.Index))}" + (s.Inputs.Count == 0 ? "" : $"; uses {string.Join(", ", s.Inputs)} from {string.Join(", ", s.DependsOn)}");
        foreach (var c in plan.Skipped) yield return $"  skipped: cell {c.Index} `{c.FirstLine}`";
        foreach (var n in plan.Notes) yield return "  note: " + n;
        yield return $"  serves models:/{r.Model.ModelName}@production" + (plan.UsesCuda ? "; the training Job asks for a GPU" : "");
        yield return $"run it: cd {r.Output} && dotnet run -- --params params.yaml";
    }
}
