using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Training;

/// <summary>Options shared by <c>mlnb train</c> and <c>mlnb sweep</c>: the definition, data and trainer overrides.</summary>
public class TrainSettings : WorkspaceSettings
{
    /// <summary>A built-in definition or a C# file.</summary>
    [CommandArgument(0, "[DEFINITION]")]
    [Description("mlp (default), logreg, cnn, sdca, fasttree, lightgbm, or a C# file returning a TrainingJob")]
    public string Definition { get; init; } = "mlp";

    /// <summary>Data file.</summary>
    [CommandOption("--data <PATH>")]
    [Description("CSV (.csv, .csv.gz) or Parquet (.parquet), last column the label unless --label (default: data/breast_cancer.csv); a file tracked with `mlnb data add` is recorded as that version (lineage)")]
    public string? Data { get; init; }

    /// <summary>Task.</summary>
    [CommandOption("--task <TASK>")]
    [Description("classification or regression (default: by a rule printed in the run: text labels, or whole labels with at most 20 distinct values, are classification)")]
    public string? Task { get; init; }

    /// <summary>Label column.</summary>
    [CommandOption("--label <COLUMN>")]
    [Description("The label column (default: the last column)")]
    public string? Label { get; init; }

    /// <summary>Feature columns.</summary>
    [CommandOption("--features <COLUMNS>")]
    [Description("Comma-separated feature columns (default: every column but the label); text columns become categories, missing numbers are imputed, inside the exported model too")]
    public string? Features { get; init; }

    /// <summary>Experiment.</summary>
    [CommandOption("-e|--experiment <NAME>")]
    [Description("Experiment (created when missing; default: train)")]
    public string Experiment { get; init; } = "train";

    /// <summary>Device.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("auto (CUDA when available), cpu, cuda, cuda:N")]
    public string? Device { get; init; }

    /// <summary>Compute precision.</summary>
    [CommandOption("--dtype <DTYPE>")]
    [Description("float32 (default) or bf16: bfloat16 forward/backward by explicit casting, float32 master weights")]
    public string? Dtype { get; init; }

    /// <summary>Epochs.</summary>
    [CommandOption("--epochs <N>")]
    public int? Epochs { get; init; }

    /// <summary>Batch size.</summary>
    [CommandOption("--batch-size <N>")]
    public int? BatchSize { get; init; }

    /// <summary>Learning rate.</summary>
    [CommandOption("--lr <RATE>")]
    public double? LearningRate { get; init; }

    /// <summary>Seed.</summary>
    [CommandOption("--seed <SEED>")]
    public int? Seed { get; init; }

    /// <summary>Checkpoint interval.</summary>
    [CommandOption("--checkpoint-every <N>")]
    [Description("Save a checkpoint artifact every N epochs (0 = never)")]
    public int? CheckpointEvery { get; init; }

    /// <summary>Definition params.</summary>
    [CommandOption("-p|--param <KEY=VALUE>")]
    [Description("A definition param (repeatable), e.g. -p hidden=64; lr, epochs, batch_size, optimizer, schedule, weight_decay, clip_norm, patience, seed, checkpoint_every override the trainer; any other key the definition does not read is an error")]
    public string[] Params { get; init; } = [];
}

/// <summary><c>mlnb train</c> options.</summary>
public sealed class TrainCommandSettings : TrainSettings
{
    /// <summary>Run to resume.</summary>
    [CommandOption("--resume <RUN_ID>")]
    [Description("Resume from the last checkpoint of this run (same definition)")]
    public string? Resume { get; init; }

    /// <summary>Run name.</summary>
    [CommandOption("--run-name <NAME>")]
    public string? RunName { get; init; }

    /// <summary>Parent run (sweeps set it).</summary>
    [CommandOption("--parent-run <RUN_ID>")]
    [Description("Nest the run under this run (what a sweep passes to its trials)")]
    public string? ParentRun { get; init; }

    /// <summary>No ONNX export.</summary>
    [CommandOption("--no-onnx")]
    [Description("Skip the ONNX export and its check")]
    public bool NoOnnx { get; init; }

    /// <summary>Progress format.</summary>
    [CommandOption("--progress <FORMAT>")]
    [Description("text (default): lines and tables for people; jsonl: one JSON object per epoch on stdout, then the result (what #!train reads)")]
    [DefaultValue("text")]
    public string Progress { get; init; } = "text";

    /// <summary>Quiet.</summary>
    [CommandOption("-q|--quiet")]
    [Description("Print only the run id")]
    public bool Quiet { get; init; }
}

/// <summary><c>mlnb sweep</c> options.</summary>
public sealed class SweepCommandSettings : TrainSettings
{
    /// <summary>Grid axes.</summary>
    [CommandOption("--grid <KEY=V1,V2>")]
    [Description("A grid axis (repeatable): every combination runs")]
    public string[] Grid { get; init; } = [];

    /// <summary>Random ranges.</summary>
    [CommandOption("--random <KEY=RANGE>")]
    [Description("A random axis (repeatable): lo:hi, log:lo:hi or a|b|c; needs --trials")]
    public string[] Random { get; init; } = [];

    /// <summary>Random trials.</summary>
    [CommandOption("--trials <N>")]
    public int? Trials { get; init; }

    /// <summary>Parallel processes.</summary>
    [CommandOption("--max-parallel <N>")]
    [Description("Trials running at once, each in its own process (default 2)")]
    [DefaultValue(2)]
    public int MaxParallel { get; init; } = 2;

    /// <summary>Metric to rank by.</summary>
    [CommandOption("--metric <NAME>")]
    [DefaultValue("val_loss")]
    public string Metric { get; init; } = "val_loss";

    /// <summary>min or max.</summary>
    [CommandOption("--goal <min|max>")]
    [DefaultValue("min")]
    public string Goal { get; init; } = "min";
}
