using System.ComponentModel;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features get-historical --entities FILE --features … --output OUT</c>.</summary>
internal sealed class FeaturesGetHistoricalCommand : AsyncCommand<FeaturesGetHistoricalCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandOption("--entities <FILE>")]
        [Description("Entity rows: Parquet or CSV with the join keys and event_timestamp")]
        public string? Entities { get; init; }

        [CommandOption("--features <REFS>")]
        [Description("Comma-separated VIEW:FEATURE, VIEW, or a feature service name")]
        public string? Features { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("Where to write the training set (.parquet or .csv)")]
        public string? Output { get; init; }

        [CommandOption("--full-feature-names")]
        [Description("Name features VIEW__FEATURE")]
        public bool FullFeatureNames { get; init; }

        [CommandOption("--run <RUN_ID>")]
        [Description("Record the feature views and their data versions as the run's inputs (lineage)")]
        public string? Run { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.Entities is null) throw MlnbException.Invalid("--entities is missing; give a Parquet or CSV file with the join keys and event_timestamp");
        if (s.Output is null) throw MlnbException.Invalid("--output is missing; give the training set's file, e.g. --output train.parquet");
        var features = FeaturesCli.List(s.Features);
        if (features.Count == 0) throw MlnbException.Invalid("--features is missing; give VIEW:FEATURE references or a feature service");
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            using var job = store.GetHistoricalFeatures(s.Entities, features, s.FullFeatureNames);
            var rows = s.Output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? job.ToCsv(s.Output) : job.ToParquet(s.Output);
            Console.WriteLine($"Wrote {rows} rows x {job.FeatureColumns.Count} features ({string.Join(", ", job.FeatureColumns)}) to {s.Output}");
            foreach (var (view, src) in job.Inputs)
                Console.WriteLine($"  {view.Name}: {src.Source.Path} ({(src.DataVersion is { } v ? "data version " + v[..8] : "untracked")})");
            if (s.Run is not null)
            {
                var inputs = await store.LogInputsAsync(s.Run, job, ct).ConfigureAwait(false);
                Console.WriteLine($"Logged {inputs.Count} feature view inputs on run {s.Run}");
            }
        }
        return 0;
    }
}
