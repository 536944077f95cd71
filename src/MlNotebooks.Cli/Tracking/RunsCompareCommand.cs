using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

internal sealed class RunsCompareCommand : WorkspaceCommand<RunsCompareCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandArgument(0, "<RUN_IDS>")]
        public string[] RunIds { get; init; } = [];

        public override Spectre.Console.ValidationResult Validate() =>
            RunIds.Length < 2 ? Spectre.Console.ValidationResult.Error("compare needs at least two run ids") : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var runs = new List<Run>();
        foreach (var id in s.RunIds) runs.Add(await ws.Tracking.GetRunAsync(id, ct).ConfigureAwait(false));
        var comparison = RunComparison.Create(runs);
        if (s.Json)
        {
            Render.Json(comparison.ToJson());
            return 0;
        }
        var t = Render.Table(["", .. runs.Select(r => $"{Render.Esc(r.Info.RunName)}\n{r.RunId[..8]}")]);
        t.AddRow(["status", .. runs.Select(r => r.Info.Status.ToName())]);
        foreach (var row in comparison.Rows)
        {
            var label = row.Differs ? $"[bold]{Render.Esc(row.Label)}[/]" : Render.Esc(row.Label);
            t.AddRow([label, .. row.Values.Select(v => Render.Esc(v ?? "—"))]);
        }
        Render.Write(t);
        return 0;
    }
}
