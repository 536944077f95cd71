using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Serving;

/// <summary>Registers <c>serve</c> and <c>predict</c>.</summary>
internal static class ServingCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ServeCommand>("serve").WithDescription("Serve registered models over the Open Inference Protocol v2 and MLflow /invocations, with canary or shadow.");
        config.AddCommand<PredictCommand>("predict").WithDescription("Score a CSV or Parquet file with a registered model, streaming, with progress.");
    }
}
