using System.ComponentModel;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features materialize START END</c>.</summary>
internal sealed class FeaturesMaterializeCommand : AsyncCommand<FeaturesMaterializeCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandArgument(0, "<START>")]
        [Description("Window start, ISO 8601 UTC (e.g. 2024-01-01T00:00:00Z)")]
        public string Start { get; init; } = "";

        [CommandArgument(1, "<END>")]
        [Description("Window end, ISO 8601 UTC")]
        public string End { get; init; } = "";

        [CommandOption("--views <NAMES>")]
        [Description("Comma-separated feature views (default: every online view)")]
        public string? Views { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var (start, end) = (FeaturesCli.Time(s.Start, "START"), FeaturesCli.Time(s.End, "END"));
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            var views = FeaturesCli.List(s.Views);
            var written = store.Materialize(start, end, views.Count == 0 ? null : views);
            Print(store, written, $"from {start:yyyy-MM-ddTHH:mm:ssZ} to {end:yyyy-MM-ddTHH:mm:ssZ}");
        }
        return 0;
    }

    internal static void Print(MlNotebooks.Features.FeatureStore store, IReadOnlyDictionary<string, long> written, string window)
    {
        Console.WriteLine($"Materializing {written.Count} feature views {window} into {store.OnlineStore.Describe}");
        foreach (var (view, rows) in written) Console.WriteLine($"  {view}: {rows} entities");
    }
}
