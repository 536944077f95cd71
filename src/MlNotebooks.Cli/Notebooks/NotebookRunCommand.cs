using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.Parameters;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Notebooks;

/// <summary><c>mlnb notebook run IN [-o OUT] [-p k=v …] [-f params.yaml] [--cwd DIR] [--timeout S] [--track] [--resume OUT]</c>.</summary>
internal sealed class NotebookRunCommand : AsyncCommand<NotebookRunCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("The notebook to run (.ipynb in nbformat 4, or .dib)")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <OUT>")]
        [Description("The executed notebook (.ipynb); default: INPUT with .out.ipynb, or the --resume notebook")]
        public string? Output { get; init; }

        [CommandOption("-p|--parameter <K=V>")]
        [Description("A parameter, converted to the type of its default in the cell tagged 'parameters' (repeatable)")]
        public string[] Parameters { get; init; } = [];

        [CommandOption("-f|--parameters-file <YAML>")]
        [Description("Parameters from a YAML mapping; -p values win")]
        public string? ParametersFile { get; init; }

        [CommandOption("--cwd <DIR>")]
        [Description("Working directory of the kernel (default: the current one)")]
        public string? Cwd { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("Fail a cell that runs longer than this")]
        public double? Timeout { get; init; }

        [CommandOption("--max-output-bytes <N>")]
        [Description("Output kept per cell; the rest is cut with a note (default 1000000)")]
        public long MaxOutputBytes { get; init; } = 1_000_000;

        [CommandOption("--track")]
        [Description("Record this execution as a run: parameters, duration, status, and the executed notebook as an artifact")]
        public bool Track { get; init; }

        [CommandOption("--experiment <NAME>")]
        [Description("Experiment for --track (default: notebooks)")]
        public string Experiment { get; init; } = "notebooks";

        [CommandOption("--resume <OUT>")]
        [Description("Resume a failed executed notebook from its failed cell, replaying only the cells that define the state it needs")]
        public string? Resume { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Do not print each cell as it starts")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Timeout is <= 0) throw MlnbException.Invalid("--timeout must be a positive number of seconds, e.g. --timeout 600");
        var parameters = new Dictionary<string, string>();
        if (s.ParametersFile is not null)
            foreach (var (k, v) in ParameterFile.Read(s.ParametersFile)) parameters[k] = v;
        foreach (var p in s.Parameters)
        {
            var (k, v) = KeyValues.Parse(p, "-p");
            parameters[k] = v;
        }
        var output = s.Output ?? s.Resume ?? Path.ChangeExtension(s.Input, null) + ".out.ipynb";
        var options = new RunOptions
        {
            InputPath = s.Input,
            OutputPath = output,
            Parameters = parameters,
            WorkingDirectory = s.Cwd,
            CellTimeout = s.Timeout is { } t ? TimeSpan.FromSeconds(t) : null,
            MaxOutputBytes = s.MaxOutputBytes,
            ResumePath = s.Resume,
            TrackingUri = s.TrackingUri,
            Log = s.Quiet ? null : line => Console.Error.WriteLine("  " + line),
        };
        var result = s.Track ? await NotebookTracking.RunTrackedAsync(options, s, cancellationToken).ConfigureAwait(false)
                             : await NotebookRunner.RunAsync(options, cancellationToken).ConfigureAwait(false);
        foreach (var note in result.Notes) Console.Error.WriteLine(note);
        if (result.Failure is { } f)
        {
            Console.Error.WriteLine($"error: cell {f.CellIndex} (In [{f.ExecutionCount}]) failed: {f.ExceptionName}: {f.Message}; the executed notebook is at {result.OutputPath} (fix the cell, then `mlnb notebook run {s.Input} --resume {result.OutputPath}`)");
            foreach (var line in f.Traceback.Take(6)) Console.Error.WriteLine("    " + line.Trim());
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"executed {result.CellsRun} cell(s) in {result.Duration.TotalSeconds:0.00} s -> {result.OutputPath}"));
        return 0;
    }
}
