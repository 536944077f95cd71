using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Monitoring.Drift;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features drift VIEW --from VERSION|START..END --to …</c>: feature drift with the monitoring capability's tests.</summary>
internal sealed class FeaturesDriftCommand : AsyncCommand<FeaturesDriftCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandArgument(0, "<VIEW>")]
        [Description("The feature view")]
        public string View { get; init; } = "";

        [CommandOption("--from <VERSION|WINDOW>")]
        [Description("The reference: a profiled data version (a prefix of it), latest, or an event-time window START..END of the current source")]
        public string? From { get; init; }

        [CommandOption("--to <VERSION|WINDOW>")]
        [Description("The current window, as --from (default: latest)")]
        public string To { get; init; } = "latest";

        [CommandOption("--stattest <TEST>")]
        [Description("A test for every feature (ks, chisquare, z, wasserstein, jensenshannon, psi) or FEATURE=TEST; repeatable")]
        public string[] StatTests { get; init; } = [];

        [CommandOption("--threshold <VALUE>")]
        [Description("A threshold for every feature, or FEATURE=VALUE; repeatable")]
        public string[] Thresholds { get; init; } = [];

        [CommandOption("--drift-share <SHARE>")]
        [Description("The view drifts when at least this share of its features drift (default 0.5)")]
        public double DriftShare { get; init; } = 0.5;

        [CommandOption("--json")]
        [Description("Print the report as JSON")]
        public bool Json { get; init; }

        public override Spectre.Console.ValidationResult Validate() => From is null
            ? Spectre.Console.ValidationResult.Error("give --from VERSION or --from START..END, e.g. --from 2024-01-01..2024-01-08 --to 2024-01-08..2024-01-15")
            : Spectre.Console.ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var options = Monitoring.MonitorDriftCommand.Options(new Monitoring.MonitorDriftCommand.Settings { StatTests = s.StatTests, Thresholds = s.Thresholds, DriftShare = s.DriftShare });
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            var report = store.FeatureDrift(s.View, s.From!, s.To, options);
            if (s.Json) Render.Json(DriftJson.ToJson(report));
            else
            {
                Console.WriteLine($"Feature drift of {s.View}: {s.From} -> {s.To}");
                Console.WriteLine(DriftText.Format(report));
            }
        }
        return 0;
    }
}
