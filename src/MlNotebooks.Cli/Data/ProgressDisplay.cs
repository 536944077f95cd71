using MlNotebooks.Data;
using Spectre.Console;

namespace MlNotebooks.Cli.Data;

/// <summary>Shows a progress bar for long data operations, only when stdout is an interactive terminal.</summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<DataProgress>?, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return await work(null).ConfigureAwait(false);
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1);
                result = await work(new Reporter(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    private sealed class Reporter(ProgressTask task) : IProgress<DataProgress>
    {
        public void Report(DataProgress value)
        {
            lock (task)
            {
                task.Description = $"{value.Operation} {value.DoneFiles}/{value.TotalFiles} files";
                if (value.TotalBytes > 0)
                {
                    task.MaxValue = value.TotalBytes;
                    task.Value = value.DoneBytes;
                }
                else
                {
                    task.MaxValue = Math.Max(1, value.TotalFiles);
                    task.Value = value.DoneFiles;
                }
            }
        }
    }
}
