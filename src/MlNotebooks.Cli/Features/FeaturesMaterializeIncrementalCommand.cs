using System.ComponentModel;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features materialize-incremental END</c>.</summary>
internal sealed class FeaturesMaterializeIncrementalCommand : AsyncCommand<FeaturesMaterializeIncrementalCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandArgument(0, "<END>")]
        [Description("Window end, ISO 8601 UTC; each view starts where its last window ended (else END - ttl)")]
        public string End { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var end = FeaturesCli.Time(s.End, "END");
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
            FeaturesMaterializeCommand.Print(store, store.MaterializeIncremental(end), $"to {end:yyyy-MM-ddTHH:mm:ssZ}");
        return 0;
    }
}
