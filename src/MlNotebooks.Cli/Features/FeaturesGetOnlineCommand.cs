using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features get-online --features … --entity KEY=V1,V2</c>: prints the feature server's JSON.</summary>
internal sealed class FeaturesGetOnlineCommand : AsyncCommand<FeaturesGetOnlineCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandOption("--features <REFS>")]
        [Description("Comma-separated VIEW:FEATURE, VIEW, or a feature service name")]
        public string? Features { get; init; }

        [CommandOption("--entity <KEY=VALUES>")]
        [Description("A join key and its comma-separated values, e.g. driver_id=1001,1002; repeatable")]
        public string[] Entities { get; init; } = [];

        [CommandOption("--full-feature-names")]
        [Description("Name features VIEW__FEATURE")]
        public bool FullFeatureNames { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var features = FeaturesCli.List(s.Features);
        if (features.Count == 0) throw MlnbException.Invalid("--features is missing; give VIEW:FEATURE references or a feature service, e.g. --features driver_stats:conv_rate");
        if (s.Entities.Length == 0) throw MlnbException.Invalid("--entity is missing; give the join keys, e.g. --entity driver_id=1001,1002");
        var entities = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var e in s.Entities)
        {
            var eq = e.IndexOf('=');
            if (eq <= 0) throw MlnbException.Invalid($"--entity '{e}' is not KEY=VALUES; write e.g. driver_id=1001,1002");
            entities[e[..eq]] = FeaturesCli.List(e[(eq + 1)..]).Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? (object?)l : v).ToList();
        }
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store) Console.WriteLine(store.GetOnlineFeatures(features, entities, s.FullFeatureNames).ToJson(indented: true));
        return 0;
    }
}
