using System.Globalization;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.MlNet;
using MlNotebooks.Training.Native;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Definitions;

/// <summary>
/// Turns a definition name into a <see cref="TrainingJob"/>: a built-in (<c>mlp</c>, <c>logreg</c>, <c>cnn</c>,
/// <c>sdca</c>, <c>fasttree</c>, <c>lightgbm</c>) or a C# script file (<c>.cs</c>/<c>.csx</c>) that returns a
/// <see cref="TrainingJob"/> with a <see cref="TrainingContext"/> as its globals. Well-known params (lr, epochs,
/// batch_size, optimizer, schedule, weight_decay, clip_norm, patience, seed, checkpoint_every) then override the
/// job's options, so a sweep can vary them for any definition.
/// </summary>
public static class TrainingDefinitions
{
    /// <summary>The built-in definition names.</summary>
    public static readonly IReadOnlyList<string> BuiltIns = ["mlp", "logreg", "cnn", .. MlNetTrainer.Names];

    /// <summary>Builds the job a definition describes.</summary>
    public static async Task<TrainingJob> LoadAsync(string definition, TrainingContext context, CancellationToken cancellationToken = default)
    {
        TrainingJob job;
        if (definition.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || definition.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
            job = await CompileAsync(definition, context, cancellationToken).ConfigureAwait(false);
        else
            job = BuiltIn(definition.ToLowerInvariant(), context);
        CheckParams(definition, context);
        return job with { Options = ApplyParams(job.Options, context.Params), DataPath = job.DataPath ?? context.DataPath };
    }

    /// <summary>The params every definition takes: they set the trainer's options.</summary>
    public static readonly IReadOnlyList<string> TrainerParams = ["lr", "epochs", "batch_size", "optimizer", "schedule", "weight_decay", "clip_norm", "patience", "seed", "checkpoint_every"];

    /// <summary>A param that neither the trainer nor the definition asked for is an error listing those that are.</summary>
    private static void CheckParams(string definition, TrainingContext context)
    {
        var asked = context.ParamsAsked.Where(k => !TrainerParams.Contains(k)).Order(StringComparer.Ordinal).ToList();
        foreach (var key in context.Params.Keys.Order(StringComparer.Ordinal))
        {
            if (TrainerParams.Contains(key) || asked.Contains(key)) continue;
            var hint = key is "task" or "label" or "features" ? $" (the {key} is an option: --{key})" : "";
            var own = asked.Count == 0 ? "none of its own" : string.Join(", ", asked);
            throw MlnbException.Invalid($"--param {key}={context.Params[key]} is not a param of '{definition}'{hint}; it takes {own}, and the trainer's {string.Join(", ", TrainerParams)}");
        }
    }

    private static TrainingJob BuiltIn(string name, TrainingContext c)
    {
        if (!BuiltIns.Contains(name))
            throw MlnbException.Invalid($"'{name}' is neither a built-in definition ({string.Join(", ", BuiltIns)}) nor a .cs file");
        var data = c.Data();
        var outputs = data.Classes > 0 ? data.Classes : 1;
        if (MlNetTrainer.Names.Contains(name)) return new TrainingJob { Data = data, MlNetTrainer = name, Options = new TorchTrainerOptions { Epochs = 100, LearningRate = 0.1, Device = "cpu" } };
        return name switch
        {
            "logreg" => new TrainingJob { Data = data, Model = () => Sequential(("linear", Linear(data.Columns, outputs))), Options = new TorchTrainerOptions { LearningRate = 0.01 } },
            "cnn" => Cnn(data, c, outputs),
            _ => Mlp(data, c, outputs),
        };
    }

    private static TrainingJob Mlp(TabularData data, TrainingContext c, int outputs)
    {
        var hidden = c.P("hidden", 32);
        var dropout = c.P("dropout", 0.1);
        return new TrainingJob
            {
                Data = data,
                Model = () => Sequential(("fc1", Linear(data.Columns, hidden)), ("relu", ReLU()), ("drop", Dropout(dropout)), ("out", Linear(hidden, outputs))),
                Options = new TorchTrainerOptions { LearningRate = 0.003 },
            };
    }

    private static TrainingJob Cnn(TabularData data, TrainingContext c, int outputs)
    {
        if (data.Schema?.Columns.FirstOrDefault(col => col.IsCategory) is { } text)
            throw MlnbException.Invalid($"the cnn definition takes images (number columns only), but column '{text.Name}' holds text; use mlp, or leave it out with --features");
        if (data.Schema is not null)
            throw MlnbException.Invalid($"the cnn definition takes images without missing pixels, but column '{data.Schema.Columns.First(col => col.MissingIndicator).Name}' has missing values; fill them first or use mlp");
        var side = (int)Math.Round(Math.Sqrt(data.Columns));
        if (side * side != data.Columns || side % 2 != 0)
            throw MlnbException.Invalid($"the cnn definition needs square images with an even side (e.g. 64 = 8×8 features); this data has {data.Columns} features");
        var channels = c.P("channels", 16);
        var hidden = c.P("hidden", 64);
        var half = side / 2;
        return new TrainingJob
        {
            Data = data,
            Model = () => Sequential(("conv", Conv2d(1, channels, 3, padding: 1)), ("relu1", ReLU()), ("pool", MaxPool2d(2)), ("flat", Flatten()),
                ("fc", Linear(channels * half * half, hidden)), ("relu2", ReLU()), ("out", Linear(hidden, outputs))),
            Options = new TorchTrainerOptions { LearningRate = 0.003, BatchSize = 64, InputShape = [1, side, side] },
        };
    }

    private static async Task<TrainingJob> CompileAsync(string path, TrainingContext context, CancellationToken ct)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"definition file '{path}' does not exist");
        LibTorch.EnsureLoaded();
        var code = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var options = ScriptOptions.Default
            .WithFilePath(Path.GetFullPath(path))
            .WithReferences(typeof(TrainingJob).Assembly, typeof(MlnbException).Assembly, typeof(TorchSharp.torch).Assembly, typeof(Microsoft.Data.Analysis.DataFrame).Assembly)
            .WithImports("System", "System.Linq", "System.Collections.Generic", "MlNotebooks.Training", "MlNotebooks.Training.Data", "MlNotebooks.Training.Torch", "TorchSharp");
        try
        {
            var result = await CSharpScript.EvaluateAsync<TrainingJob>(code, options, context, typeof(TrainingContext), ct).ConfigureAwait(false);
            return result ?? throw MlnbException.Invalid($"'{path}' returned null; its last statement must be `return new TrainingJob {{ ... }};`");
        }
        catch (CompilationErrorException e)
        {
            throw MlnbException.Invalid($"'{path}' does not compile: {e.Diagnostics.FirstOrDefault()}");
        }
    }

    /// <summary>Applies the well-known params to the options.</summary>
    public static TorchTrainerOptions ApplyParams(TorchTrainerOptions o, IReadOnlyDictionary<string, string> p)
    {
        double D(string k, double fallback) => p.TryGetValue(k, out var s) ? Parse(k, s, double.Parse) : fallback;
        int I(string k, int fallback) => p.TryGetValue(k, out var s) ? Parse(k, s, int.Parse) : fallback;
        return o with
        {
            LearningRate = D("lr", o.LearningRate),
            Epochs = I("epochs", o.Epochs),
            BatchSize = I("batch_size", o.BatchSize),
            Optimizer = p.GetValueOrDefault("optimizer", o.Optimizer),
            Schedule = p.GetValueOrDefault("schedule", o.Schedule),
            WeightDecay = D("weight_decay", o.WeightDecay),
            ClipNorm = p.ContainsKey("clip_norm") ? D("clip_norm", 0) : o.ClipNorm,
            Patience = p.ContainsKey("patience") ? I("patience", 0) : o.Patience,
            Seed = I("seed", o.Seed),
            CheckpointEvery = I("checkpoint_every", o.CheckpointEvery),
        };
    }

    private static T Parse<T>(string key, string value, Func<string, IFormatProvider, T> parse)
    {
        try { return parse(value, CultureInfo.InvariantCulture); }
        catch (FormatException) { throw MlnbException.Invalid($"--param {key}={value} is not a number"); }
    }
}
