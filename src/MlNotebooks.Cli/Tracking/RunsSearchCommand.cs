using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

internal sealed class RunsSearchCommand : WorkspaceCommand<RunsSearchCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandOption("-e|--experiment <NAME>")]
        [Description("Experiment name or id (repeatable; default: all active experiments)")]
        public string[] Experiments { get; init; } = [];

        [CommandOption("-f|--filter <FILTER>")]
        [Description("e.g. \"metrics.acc > 0.9 AND (params.lr = '0.01' OR tags.team LIKE 'cv%')\"")]
        public string? Filter { get; init; }

        [CommandOption("-o|--order-by <TERM>")]
        [Description("e.g. \"metrics.acc DESC\" (repeatable)")]
        public string[] OrderBy { get; init; } = [];

        [CommandOption("--max-results <N>")]
        [DefaultValue(100)]
        public int MaxResults { get; init; } = 100;

        [CommandOption("--page-token <TOKEN>")]
        public string? PageToken { get; init; }

        [CommandOption("--view <VIEW>")]
        [Description("active (default), deleted or all")]
        public string View { get; init; } = "active";
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var view = Require.View(s.View);
        var page = await ws.Tracking.SearchRunsAsync(s.Experiments, s.Filter, s.OrderBy, s.MaxResults, s.PageToken, view, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(RunTables.RunsJson(page.Items, page.NextPageToken));
            return 0;
        }
        RunTables.WriteRunList(page.Items);
        if (page.NextPageToken is not null) Console.WriteLine($"More runs: --page-token {page.NextPageToken}");
        return 0;
    }
}
