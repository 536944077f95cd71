using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

/// <summary>Settings naming one run by id.</summary>
public class RunSettings : ReadSettings
{
    /// <summary>The run id.</summary>
    [CommandArgument(0, "<RUN_ID>")]
    public string RunId { get; init; } = "";
}

internal sealed class RunsCreateCommand : WorkspaceCommand<RunsCreateCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("-e|--experiment <NAME>")]
        [Description("Experiment name (created when missing; default: Default)")]
        public string? Experiment { get; init; }

        [CommandOption("-n|--name <NAME>")]
        [Description("Run name (default: a generated one)")]
        public string? Name { get; init; }

        [CommandOption("--parent <RUN_ID>")]
        [Description("Nest the run under this run (mlflow.parentRunId)")]
        public string? Parent { get; init; }

        [CommandOption("--tag <KEY=VALUE>")]
        [Description("Tag (repeatable)")]
        public string[] Tags { get; init; } = [];
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var tags = s.Tags.Select(t => KeyValues.Parse(t, "--tag")).ToDictionary(t => t.Key, t => t.Value);
        var run = await ws.Tracking.CreateRunAsync(s.Experiment, s.Name, s.Parent, tags, ct).ConfigureAwait(false);
        Console.WriteLine(run.RunId);
        return 0;
    }
}

internal sealed class RunsLogCommand : WorkspaceCommand<RunsLogCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        [Description("Run to log to (required)")]
        public string? Run { get; init; }

        [CommandOption("--param <KEY=VALUE>")]
        [Description("Param, write-once (repeatable)")]
        public string[] Params { get; init; } = [];

        [CommandOption("--metric <KEY=VALUE[@STEP]>")]
        [Description("Metric point, e.g. loss=0.3@10 (repeatable; NaN/Inf allowed)")]
        public string[] Metrics { get; init; } = [];

        [CommandOption("--tag <KEY=VALUE>")]
        [Description("Tag (repeatable)")]
        public string[] Tags { get; init; } = [];

        public override ValidationResult Validate() =>
            !Require.Run(Run).Successful ? Require.Run(Run)
            : Params.Length + Metrics.Length + Tags.Length == 0 ? ValidationResult.Error("nothing to log; add --param, --metric or --tag")
            : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var now = ws.Tracking.NowMs();
        var metrics = s.Metrics.Select(KeyValues.ParseMetric).Select(m => new Metric(m.Key, m.Value, now, m.Step)).ToList();
        var prms = s.Params.Select(p => KeyValues.Parse(p, "--param")).Select(p => new Param(p.Key, p.Value)).ToList();
        var tags = s.Tags.Select(t => KeyValues.Parse(t, "--tag")).Select(t => new RunTag(t.Key, t.Value)).ToList();
        await ws.Tracking.LogBatchAsync(s.Run!, metrics, prms, tags, ct).ConfigureAwait(false);
        Console.WriteLine($"Logged {prms.Count} params, {metrics.Count} metrics, {tags.Count} tags to run {s.Run}");
        return 0;
    }
}

internal sealed class RunsEndCommand : WorkspaceCommand<RunsEndCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        public string? Run { get; init; }

        [CommandArgument(0, "[RUN_ID]")]
        public string? RunArgument { get; init; }

        [CommandOption("--status <STATUS>")]
        [Description("FINISHED (default), FAILED or KILLED")]
        public string Status { get; init; } = "FINISHED";

        public override ValidationResult Validate() => Require.Run(Run ?? RunArgument);
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var info = await ws.Tracking.EndRunAsync(s.Run ?? s.RunArgument!, RunStatusNames.Parse(s.Status), ct).ConfigureAwait(false);
        Console.WriteLine($"Run {info.RunId} {info.Status.ToName()} after {Render.Duration(info)}");
        return 0;
    }
}

internal sealed class RunsShowCommand : WorkspaceCommand<RunSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, RunSettings s, CancellationToken ct)
    {
        var run = await ws.Tracking.GetRunAsync(s.RunId, ct).ConfigureAwait(false);
        if (s.Json) Render.Json(new JsonObject { ["run"] = MlflowJson.ToJson(run) });
        else RunTables.WriteRun(run);
        return 0;
    }
}

internal sealed class RunsDeleteCommand : WorkspaceCommand<RunSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, RunSettings s, CancellationToken ct)
    {
        TrackingLimits.ValidateRunId(s.RunId);
        await ws.TrackingStore.SetRunLifecycleAsync(s.RunId, LifecycleStage.Deleted, ct).ConfigureAwait(false);
        Console.WriteLine($"Deleted run {s.RunId} (restore with `mlnb runs restore {s.RunId}`)");
        return 0;
    }
}

internal sealed class RunsRestoreCommand : WorkspaceCommand<RunSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, RunSettings s, CancellationToken ct)
    {
        TrackingLimits.ValidateRunId(s.RunId);
        await ws.TrackingStore.SetRunLifecycleAsync(s.RunId, LifecycleStage.Active, ct).ConfigureAwait(false);
        Console.WriteLine($"Restored run {s.RunId}");
        return 0;
    }
}

internal sealed class RunsHistoryCommand : WorkspaceCommand<RunsHistoryCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("--metric <KEY>")]
        public string? Metric { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrEmpty(Metric) ? ValidationResult.Error("--metric KEY is required") : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var points = await ws.Tracking.GetMetricHistoryAsync(s.RunId, s.Metric!, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject { ["metrics"] = new JsonArray([.. points.Select(p => (JsonNode)MlflowJson.ToJson(p))]) });
            return 0;
        }
        var t = Render.Table("step", "value", "time");
        foreach (var p in points) t.AddRow(p.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Render.Number(p.Value), Render.Time(DateTimeOffset.FromUnixTimeMilliseconds(p.Timestamp)));
        Render.Write(t);
        return 0;
    }
}
