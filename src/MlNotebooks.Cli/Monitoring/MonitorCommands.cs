using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>Registers <c>monitor</c>: drift between two windows, reports over recorded windows, watching with retraining.</summary>
internal static class MonitorCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("monitor", b =>
        {
            b.SetDescription("Watch data: drift between a reference and a current window (Evidently's tests, equal to scipy).");
            b.AddCommand<MonitorDriftCommand>("drift").WithDescription("Per-column drift and dataset drift of CURRENT against REFERENCE (CSV or Parquet).");
            b.AddCommand<MonitorReportCommand>("report").WithDescription("Drift of the windows the server recorded for a model version (mlnb serve --record-rate) against its training data or a reference.");
            b.AddCommand<MonitorProfileCommand>("profile").WithDescription("The reference profile stored for a model version at registration, or the profile of a file.");
            b.AddCommand<MonitorWatchCommand>("watch").WithDescription("Check drift every --every; on dataset drift retrain (tracked, lineage to the report), register and promote through the gates.");
        });
    }
}
