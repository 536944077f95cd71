using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary>Registers <c>features</c>: Feast's verbs over features.yaml.</summary>
internal static class FeaturesCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("features", b =>
        {
            b.SetDescription("Feature store: Feast-compatible definitions (features.yaml), point-in-time training sets, online serving.");
            b.AddCommand<FeaturesApplyCommand>("apply").WithDescription("Check features.yaml against its source files and register it (views, data versions).");
            b.AddCommand<FeaturesMaterializeCommand>("materialize").WithDescription("Load the latest values with event times in [START, END] into the online store.");
            b.AddCommand<FeaturesMaterializeIncrementalCommand>("materialize-incremental").WithDescription("Materialize each view from where its last window ended up to END.");
            b.AddCommand<FeaturesGetOnlineCommand>("get-online").WithDescription("Online values for entity keys, as the Feast feature server answers (JSON).");
            b.AddCommand<FeaturesGetHistoricalCommand>("get-historical").WithDescription("A point-in-time correct training set for an entity file (Parquet or CSV out).");
            b.AddCommand<FeaturesProfileCommand>("profile").WithDescription("Profile a view's source at its data version (once per version); --list shows the profiled versions.");
            b.AddCommand<FeaturesDriftCommand>("drift").WithDescription("Feature drift of a view between two profiled versions or event-time windows (monitoring's drift tests).");
            b.AddCommand<FeaturesServeCommand>("serve").WithDescription("Serve POST /get-online-features (Feast's feature server) on --host/--port.");
        });
    }
}
