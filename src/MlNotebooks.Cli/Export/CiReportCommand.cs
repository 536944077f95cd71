using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Export;

/// <summary><c>mlnb ci report --run RUN_ID [--against models:/NAME@production] [--repo OWNER/NAME] [--pr N] [--sha SHA] [--dry-run]</c>.</summary>
internal sealed class CiReportCommand : WorkspaceCommand<CiReportCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        [Description("The run to report (the exported job writes its id to MLNB_RUN_ID_FILE)")]
        public string Run { get; init; } = "";

        [CommandOption("--against <MODEL_URI>")]
        [Description("Compare with this version and evaluate its alias's gates, e.g. models:/churn@production")]
        public string? Against { get; init; }

        [CommandOption("--repo <OWNER/NAME>")]
        public string? Repo { get; init; }

        [CommandOption("--pr <N>")]
        [Description("Pull request to comment on (the comment is updated in place)")]
        public int? Pr { get; init; }

        [CommandOption("--sha <SHA>")]
        [Description("Commit to set the mlnb/report status on")]
        public string? Sha { get; init; }

        [CommandOption("--dry-run")]
        [Description("Print the report instead of posting it")]
        public bool DryRun { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace workspace, Settings s, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(s.Run)) throw MlnbException.Invalid("--run is required; give the run id the job wrote (e.g. --run \"$(cat ci/run-id)\")");
        var data = await CiReport.GatherAsync(workspace, s.Run, s.Against, cancellationToken).ConfigureAwait(false);
        var body = CiReport.Markdown(data);
        var (state, description) = CiReport.Status(data);
        if (s.DryRun || s.Repo is null)
        {
            Console.Write(body);
            Console.WriteLine($"\nstatus {GitHubReporter.StatusContext}: {state} — {description}");
            return 0;
        }
        if (s.Pr is null && s.Sha is null) throw MlnbException.Invalid("--repo needs --pr N (comment) and/or --sha SHA (status); or pass --dry-run to print");
        var github = GitHubReporter.FromEnvironment(s.Repo);
        if (s.Pr is { } pr)
        {
            var (id, created) = await github.CommentAsync(pr, body).ConfigureAwait(false);
            Console.WriteLine($"{(created ? "commented on" : "updated comment " + id + " on")} {s.Repo}#{pr}");
        }
        if (s.Sha is { } sha)
        {
            await github.StatusAsync(sha, state, description).ConfigureAwait(false);
            Console.WriteLine($"status {GitHubReporter.StatusContext} = {state} on {sha[..Math.Min(7, sha.Length)]}: {description}");
        }
        return 0;
    }
}
