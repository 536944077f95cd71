using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

/// <summary>Registers <c>experiments</c>, <c>runs</c> and <c>artifacts</c>.</summary>
internal static class TrackingCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("experiments", b =>
        {
            b.SetDescription("Create, list, show, rename, delete and restore experiments.");
            b.AddCommand<ExperimentsCreateCommand>("create").WithDescription("Create an experiment; prints its id.");
            b.AddCommand<ExperimentsListCommand>("list").WithDescription("List experiments.");
            b.AddCommand<ExperimentsShowCommand>("show").WithDescription("Show an experiment and its latest runs.");
            b.AddCommand<ExperimentsRenameCommand>("rename").WithDescription("Rename an experiment.");
            b.AddCommand<ExperimentsDeleteCommand>("delete").WithDescription("Soft-delete an experiment and its runs.");
            b.AddCommand<ExperimentsRestoreCommand>("restore").WithDescription("Restore a deleted experiment.");
        });
        config.AddBranch("runs", b =>
        {
            b.SetDescription("Create runs, log to them, end, show, search and compare them.");
            b.AddCommand<RunsCreateCommand>("create").WithDescription("Start a run; prints its id alone.");
            b.AddCommand<RunsLogCommand>("log").WithDescription("Log params, metrics and tags to a run in one atomic batch.");
            b.AddCommand<RunsEndCommand>("end").WithDescription("End a run (FINISHED, FAILED or KILLED).");
            b.AddCommand<RunsShowCommand>("show").WithDescription("Show a run.");
            b.AddCommand<RunsSearchCommand>("search").WithDescription("Search runs with MLflow's filter syntax, plus OR and parentheses.");
            b.AddCommand<RunsCompareCommand>("compare").WithDescription("Compare runs side by side.");
            b.AddCommand<RunsHistoryCommand>("history").WithDescription("Every point of a metric.");
            b.AddCommand<RunsDeleteCommand>("delete").WithDescription("Soft-delete a run.");
            b.AddCommand<RunsRestoreCommand>("restore").WithDescription("Restore a deleted run.");
        });
        config.AddBranch("artifacts", b =>
        {
            b.SetDescription("Log, list and download run artifacts (stored once per content hash).");
            b.AddCommand<ArtifactsLogCommand>("log").WithDescription("Log a file or folder to a run.");
            b.AddCommand<ArtifactsListCommand>("list").WithDescription("List a run's artifacts.");
            b.AddCommand<ArtifactsGetCommand>("get").WithDescription("Download a run's artifacts, verifying their hashes.");
        });
    }
}
