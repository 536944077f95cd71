using System.Text;

namespace MlNotebooks.Notebooks.Export;

/// <summary>The generated slots of the templates: the job's code per step, its packages, parameters, GPU request and README parts.</summary>
internal static class JobSource
{
    /// <summary>Slot name → generated text, for <see cref="TemplateRenderer.Render"/>.</summary>
    public static IReadOnlyDictionary<string, string> Slots(ExportModel model)
    {
        var plan = model.Plan;
        var notebook = "notebook/" + model.NotebookFileName;
        var slots = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["header"] = $"// Written by `mlnb export` from {notebook}. Edit the notebook and export again rather than this file.\n// Steps: {Flow(plan)}",
            ["usings"] = string.Join('\n', plan.Usings),
            ["body"] = Body(plan),
            ["types"] = plan.Types.Count == 0 ? "" : "\n" + string.Join("\n\n", plan.Types),
            ["packages"] = string.Join('\n', plan.Packages.Select(p => $"<PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />")),
            ["params"] = plan.Parameters.Count == 0 ? "{}" : string.Join('\n', plan.Parameters.Select(p => $"{p.Name}: {YamlValue(p.DefaultText)}")),
            ["gpu"] = plan.UsesCuda ? "nvidia.com/gpu: 1" : "",
            ["overview"] = Overview(model, notebook),
            ["parameters"] = plan.Parameters.Count == 0 ? "The notebook has no parameters cell."
                : "| parameter | type | default |\n|---|---|---|\n" + string.Concat(plan.Parameters.Select(p => $"| {p.Name} | {p.Type} | `{p.DefaultText}` |\n")).TrimEnd('\n'),
        };
        if (TrainsWithMlnb(plan))
        {
            // #!train runs `mlnb train` (libtorch, ASP.NET Core for mlnb's server parts): the image carries mlnb.
            slots["train-runtime"] = "ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.0-bookworm-slim";
            slots["train-cli"] = "# The notebook trains with #!train: the job runs `mlnb train` from /opt/mlnb. mlnb-app/ is the published CLI\n" +
                "# (`dotnet publish src/MlNotebooks.Cli -c Release -o mlnb-app -p:UseAppHost=false` in the MlNotebooks repository; build-export.sh does it).\n" +
                "COPY mlnb-app/ /opt/mlnb/\nENV MLNB_CLI=/opt/mlnb/mlnb.dll";
        }
        return slots;
    }

    /// <summary>Whether the job trains through <c>mlnb train</c> (a <c>#!train</c> line was translated).</summary>
    public static bool TrainsWithMlnb(ExportPlan plan) => plan.Steps.Any(s => s.Cells.Any(c => c.Code.Contains("Train.Run(", StringComparison.Ordinal)));

    private static string Flow(ExportPlan plan) =>
        string.Join(" → ", plan.Steps.Select(s => s.DependsOn.Count == 0 ? s.Name : $"{s.Name} (uses {string.Join(", ", s.Inputs)} from {string.Join(", ", s.DependsOn)})"));

    private static string Body(ExportPlan plan)
    {
        var sb = new StringBuilder();
        if (plan.ParametersCode.Length > 0) sb.Append("// parameters\n").Append(plan.ParametersCode).Append('\n');
        foreach (var step in plan.Steps)
        {
            sb.Append('\n').Append($"// ---- step {step.Name}: cell(s) {string.Join(", ", step.Cells.Select(c => c.Cell.Index))}");
            if (step.Inputs.Count > 0) sb.Append($"; uses {string.Join(", ", step.Inputs)} from {string.Join(", ", step.DependsOn)}");
            sb.Append('\n').Append($"job.Step(\"{step.Name}\");\n");
            foreach (var cell in step.Cells)
                sb.Append(cell.Code.Length == 0 ? $"// cell {cell.Cell.Index}: nothing to run (see the README's notes)\n" : $"// cell {cell.Cell.Index}\n{cell.Code}\n");
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static string Overview(ExportModel model, string notebook)
    {
        var plan = model.Plan;
        var sb = new StringBuilder($"The training job and serving app of `{notebook}`, written by `mlnb export`. It serves the registered model `{model.ModelName}`.\n\n");
        sb.Append("| step | cells | uses |\n|---|---|---|\n");
        foreach (var s in plan.Steps)
            sb.Append($"| {s.Name} | {string.Join(", ", s.Cells.Select(c => c.Cell.Index))} | {(s.Inputs.Count == 0 ? "—" : $"{string.Join(", ", s.Inputs)} from {string.Join(", ", s.DependsOn)}")} |\n");
        if (plan.Skipped.Count > 0) sb.Append($"\nLeft out (tagged `skip`): {string.Join("; ", plan.Skipped.Select(c => $"cell {c.Index} `{c.FirstLine}`"))}.\n");
        if (plan.Notes.Count > 0) sb.Append('\n').Append(string.Concat(plan.Notes.Select(n => $"- {n}\n")));
        if (plan.UsesCuda) sb.Append("\nThe notebook trains on CUDA: the Kubernetes Job asks for one `nvidia.com/gpu`.\n");
        return sb.ToString().TrimEnd('\n');
    }

    private static string YamlValue(string csharpLiteral)
    {
        var t = csharpLiteral.Trim();
        if (t.StartsWith('"')) return t;
        return t.TrimEnd('l', 'L', 'f', 'F', 'm', 'M', 'd', 'D');
    }
}
