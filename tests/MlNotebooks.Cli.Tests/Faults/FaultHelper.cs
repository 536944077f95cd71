using System.Globalization;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>
/// The test assembly's entry point, used as a child process by the fault suite (the test host never calls it):
/// <c>dotnet MlNotebooks.Cli.Tests.dll faults-helper log DIR POINTS</c> starts a run through the buffered logger,
/// logs POINTS metric points, flushing every 5 and printing <c>acked STEP</c> once a flush returned (so everything up
/// to STEP is acknowledged durable), and ends the run.
/// </summary>
public static class FaultHelper
{
    public const string Verb = "faults-helper";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 4 || args[0] != Verb || args[1] != "log") return 0;
        var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = args[2], Environment = _ => null });
        var points = int.Parse(args[3], CultureInfo.InvariantCulture);
        await using var run = await ws.Tracking.StartRunAsync("faults");
        Console.WriteLine($"run {run.RunId}");
        for (var i = 0; i < points; i++)
        {
            run.LogMetric("loss", 1.0 / (i + 1), i);
            if (i % 5 == 4)
            {
                await run.FlushAsync();
                Console.WriteLine($"acked {i}");
            }
        }
        await run.EndAsync();
        Console.WriteLine("done");
        return 0;
    }
}
