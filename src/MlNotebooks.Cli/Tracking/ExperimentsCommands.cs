using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

/// <summary>Settings naming one experiment.</summary>
public class ExperimentSettings : ReadSettings
{
    /// <summary>Experiment name or id.</summary>
    [CommandArgument(0, "<EXPERIMENT>")]
    [Description("Experiment name (or id)")]
    public string Experiment { get; init; } = "";
}

internal sealed class ExperimentsCreateCommand : WorkspaceCommand<ExperimentsCreateCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandOption("--tag <KEY=VALUE>")]
        [Description("Experiment tag (repeatable)")]
        public string[] Tags { get; init; } = [];
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var tags = s.Tags.Select(t => KeyValues.Parse(t, "--tag")).ToDictionary(t => t.Key, t => t.Value);
        var e = await ws.Tracking.CreateExperimentAsync(s.Name, tags, ct).ConfigureAwait(false);
        Console.WriteLine(e.ExperimentId);
        return 0;
    }
}

internal sealed class ExperimentsListCommand : WorkspaceCommand<ExperimentsListCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandOption("--view <VIEW>")]
        [Description("active (default), deleted or all")]
        public string View { get; init; } = "active";
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var view = Require.View(s.View);
        var items = new List<Experiment>();
        string? token = null;
        do
        {
            var page = await ws.Tracking.ListExperimentsAsync(view, 1000, token, ct).ConfigureAwait(false);
            items.AddRange(page.Items);
            token = page.NextPageToken;
        } while (token is not null);
        if (s.Json)
        {
            Render.Json(new JsonObject { ["experiments"] = new JsonArray([.. items.Select(e => (JsonNode)MlflowJson.ToJson(e))]) });
            return 0;
        }
        var t = Render.Table("id", "name", "stage", "created");
        foreach (var e in items) t.AddRow(e.ExperimentId, Render.Esc(e.Name), e.LifecycleStage.ToString().ToLowerInvariant(), Render.Time(e.CreationTime));
        Render.Write(t);
        return 0;
    }
}

internal sealed class ExperimentsShowCommand : WorkspaceCommand<ExperimentSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ExperimentSettings s, CancellationToken ct)
    {
        var e = await ws.Tracking.GetExperimentAsync(s.Experiment, ct).ConfigureAwait(false);
        var runs = await ws.Tracking.SearchRunsAsync([e.ExperimentId], maxResults: 20, viewType: ViewType.All, cancellationToken: ct).ConfigureAwait(false);
        if (s.Json)
        {
            var o = MlflowJson.ToJson(e);
            o["runs"] = new JsonArray([.. runs.Items.Select(r => (JsonNode)MlflowJson.ToJson(r.Info))]);
            Render.Json(new JsonObject { ["experiment"] = o });
            return 0;
        }
        Console.WriteLine($"Experiment {e.ExperimentId}: {e.Name} ({e.LifecycleStage.ToString().ToLowerInvariant()}), created {Render.Time(e.CreationTime)}");
        foreach (var (k, v) in e.Tags) Console.WriteLine($"  tag {k} = {v}");
        RunTables.WriteRunList(runs.Items);
        return 0;
    }
}

internal sealed class ExperimentsRenameCommand : WorkspaceCommand<ExperimentsRenameCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<EXPERIMENT>")]
        public string Experiment { get; init; } = "";

        [CommandArgument(1, "<NEW_NAME>")]
        public string NewName { get; init; } = "";
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var e = await ws.Tracking.RenameExperimentAsync(s.Experiment, s.NewName, ct).ConfigureAwait(false);
        Console.WriteLine($"Renamed experiment {e.ExperimentId} to '{e.Name}'");
        return 0;
    }
}

internal sealed class ExperimentsDeleteCommand : WorkspaceCommand<ExperimentSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ExperimentSettings s, CancellationToken ct)
    {
        await ws.Tracking.DeleteExperimentAsync(s.Experiment, ct).ConfigureAwait(false);
        Console.WriteLine($"Deleted experiment '{s.Experiment}' (restore with `mlnb experiments restore {s.Experiment}`)");
        return 0;
    }
}

internal sealed class ExperimentsRestoreCommand : WorkspaceCommand<ExperimentSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ExperimentSettings s, CancellationToken ct)
    {
        await ws.Tracking.RestoreExperimentAsync(s.Experiment, ct).ConfigureAwait(false);
        Console.WriteLine($"Restored experiment '{s.Experiment}'");
        return 0;
    }
}
