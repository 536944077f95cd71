using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Serving.Scoring;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Serving;

internal sealed class PredictCommand : WorkspaceCommand<PredictCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<MODEL_URI>")]
        [Description("models:/NAME@ALIAS or models:/NAME/VERSION")]
        public string Model { get; init; } = "";

        [CommandOption("-i|--input <FILE>")]
        [Description(".csv (with a header row) or .parquet")]
        public string? Input { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description(".csv or .jsonl")]
        public string? Output { get; init; }

        [CommandOption("--chunk-rows <N>")]
        public int ChunkRows { get; init; } = 4096;

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(Input) ? Spectre.Console.ValidationResult.Error("--input FILE is required (.csv or .parquet)")
            : string.IsNullOrEmpty(Output) ? Spectre.Console.ValidationResult.Error("--output FILE is required (.csv or .jsonl)")
            : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = new Progress<long>(rows => Console.Error.Write($"\rscored {rows:N0} rows ({rows / Math.Max(0.001, started.Elapsed.TotalSeconds):N0} rows/s)"));
        var r = await BatchPrediction.RunAsync(ws.Registry, s.Model, s.Input!, s.Output!, s.ChunkRows, progress, ct).ConfigureAwait(false);
        Console.Error.WriteLine();
        Console.WriteLine($"scored {r.Rows:N0} rows with {s.Model} (version {r.Model.Version}) in {started.Elapsed.TotalSeconds:0.00} s -> {r.OutputPath}");
        return 0;
    }
}
