using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Charts;
using MlNotebooks.Interactive.Formatting;
using MlNotebooks.Tracking;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Train;

/// <summary>
/// <c>#!train</c>: runs a training definition (a C# file, or the cell's own code) as a tracked run through a child
/// <c>mlnb train --progress jsonl</c>, drawing the loss live (one display, updated each epoch) and showing the run's
/// summary at the end. Under an active <c>#!track</c> run the training run is its child.
/// </summary>
internal sealed class TrainMagic(TrackingSession session) : IMagic
{
    /// <summary>The magic's name.</summary>
    public const string Name = "#!train";

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective(Name)
    {
        Description = "Train a definition (a C# file, or this cell's code) as a tracked run, with a live loss chart.",
        Parameters =
        {
            new KernelDirectiveParameter("--definition", "A C# training definition file (default: this cell's code)") { AllowImplicitName = true },
            new KernelDirectiveParameter("--device", "cpu, cuda or auto (default auto)").AddCompletions(() => ["cpu", "cuda", "auto"]),
            new KernelDirectiveParameter("--epochs", "Epochs") { TypeHint = "number" },
            new KernelDirectiveParameter("--dtype", "float32 (default) or bf16").AddCompletions(() => ["float32", "bf16"]),
            new KernelDirectiveParameter("--param", "A definition param k=v (repeatable)") { MaxOccurrences = 100 },
            new KernelDirectiveParameter("--data", "Data file: CSV or Parquet; a tracked one is recorded as its version"),
            new KernelDirectiveParameter("--label", "The label column (default: the last)"),
            new KernelDirectiveParameter("--features", "Comma-separated feature columns (default: all but the label)"),
            new KernelDirectiveParameter("--task", "classification or regression (default: by the rule the run prints)").AddCompletions(() => ["classification", "regression"]),
            new KernelDirectiveParameter("--experiment", "Experiment (default: the active run's, else train)"),
            new KernelDirectiveParameter("--name", "Run name"),
        },
    };

    public IReadOnlyList<string> HelpLines =>
        [$"{Name} [DEFINITION.cs] [--device cpu|cuda|auto] [--epochs N] [--dtype float32|bf16] [--param k=v …] [--data PATH] [--label COL] [--features A,B] [--task classification|regression] [--experiment X] [--name R] — {Directive.Description}"];

    public void Register(Kernel kernel)
    {
        TableFormatters.Register();
        ChartView.Register();
        kernel.AddDirective<TrainCommand>(Directive, Handle<TrainCommand>(TrainAsync));
        // A definition cell's C# is for the child process: the C# kernel must not run it.
        kernel.AddMiddleware(async (command, context, next) =>
        {
            if (command is SubmitCode { Parent: not null } code && TrainCell.Of(code) is { } cell && cell != code && TrainCell.IsDefinition(cell.Code)) return;
            await next(command, context).ConfigureAwait(false);
        }, "mlnb-train-cell");
    }

    private async Task TrainAsync(TrainCommand c, KernelInvocationContext ctx)
    {
        var ws = await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false);
        var tokens = DirectiveText.Of(c);
        var cellFile = c.Definition is null ? TrainCell.WriteDefinition(TrainCell.Of(c)?.Code ?? "") : null;
        var definition = cellFile ?? Path.GetFullPath(c.Definition!);
        if (cellFile is null && !File.Exists(definition)) throw MlnbException.NotFound($"definition file '{c.Definition}' does not exist (looked in {Path.GetDirectoryName(definition)}); give a C# file that returns a TrainingJob, or write the definition in this cell below `{Name}`");
        var parent = session.Current;
        var experiment = c.Experiment ?? (parent is null ? "train" : (await ws.Tracking.GetExperimentAsync(parent.Run.Info.ExperimentId, ctx.CancellationToken).ConfigureAwait(false)).Name);
        var args = new List<string> { "train", definition, "--progress", "jsonl", "-e", experiment };
        if (c.Name is not null) args.AddRange(["--run-name", c.Name]);
        if (parent is not null) { await parent.FlushAsync(ctx.CancellationToken).ConfigureAwait(false); args.AddRange(["--parent-run", parent.RunId]); }
        if (c.Device is not null) args.AddRange(["--device", c.Device]);
        if (c.Dtype is not null) args.AddRange(["--dtype", c.Dtype]);
        if (c.Epochs is { } epochs) args.AddRange(["--epochs", epochs.ToString(CultureInfo.InvariantCulture)]);
        if (c.Data is not null) args.AddRange(["--data", Path.GetFullPath(c.Data)]);
        if (c.Label is not null) args.AddRange(["--label", c.Label]);
        if (c.Features is not null) args.AddRange(["--features", c.Features]);
        if (c.Task is not null) args.AddRange(["--task", c.Task]);
        foreach (var p in Params(tokens)) args.AddRange(["--param", p]);

        var label = cellFile is null ? Path.GetFileName(definition) : "this cell";
        var chartId = "mlnb-train-" + Guid.NewGuid().ToString("N")[..12];
        var points = new List<EpochPoint>();
        ChartView Chart() => ChartView.Of($"{Name} {label}: epoch {points.Count}/{(points.Count > 0 ? points[^1].Epochs : c.Epochs ?? 0)}",
            [new ChartSeries("train_loss", points.Select(p => (double)p.Epoch).ToList(), points.Select(p => p.TrainLoss).ToList()),
             new ChartSeries("val_loss", points.Select(p => (double)p.Epoch).ToList(), points.Select(p => p.ValidationLoss).ToList())], "epoch", chartId);
        var chart = ctx.Display(Chart(), "text/html", "text/plain");
        try
        {
            var outcome = await TrainProcess.RunAsync(args, session.StartDirectory ?? Environment.CurrentDirectory, ws, session.TrackingUri,
                point => { points.Add(point); chart.Update(Chart()); },
                runId => ws.Tracking.EndRunAsync(runId, RunStatus.Killed, CancellationToken.None), ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, Summary(outcome, experiment, parent?.RunId));
        }
        catch (MlnbException e) when (cellFile is not null)
        {
            throw new MlnbException(e.Code, e.Message.Replace(cellFile, TrainCell.FileName, StringComparison.Ordinal));
        }
        finally
        {
            if (cellFile is not null) Directory.Delete(Path.GetDirectoryName(cellFile)!, recursive: true);
        }
    }

    private static IEnumerable<string> Params(IReadOnlyList<string>? tokens)
    {
        if (tokens is null) yield break;
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (tokens[i] != "--param") continue;
            var pair = tokens[++i];
            if (pair.IndexOf('=') <= 0) throw MlnbException.Invalid($"--param '{pair}' is not k=v; write e.g. `{Name} --param hidden=64`");
            yield return pair;
        }
    }

    private static TableView Summary(TrainOutcome o, string experiment, string? parentRunId)
    {
        var rows = o.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value.ToString("G6", CultureInfo.InvariantCulture)]).ToList();
        if (o.OnnxArtifact is not null)
            rows.Add(["model", $"{o.OnnxArtifact} (ONNX Runtime matches within {o.OnnxMaxAbsDiff?.ToString("G3", CultureInfo.InvariantCulture)})"]);
        var caption = $"run {o.RunId} FINISHED in experiment '{experiment}'" + (parentRunId is null ? "" : $", child of run {parentRunId}");
        return new TableView(caption, ["metric", "value"], rows);
    }
}
