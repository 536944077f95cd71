// GPU figures for issue 5, in one process: (1) a small CNN on the digits data through TorchTrainer on CUDA, with its
// logging and checkpoints into a temporary SQLite workspace; (2) a 1M-row MLP (20→256→256→2, batch 1024) through
// TorchTrainer on CUDA. pytorch_bench.py trains the same models on the same data with PyTorch; run.sh prints both.
// Usage: MLNB_LIBTORCH_DIR=<torch lib> dotnet MlNotebooks.Benchmarks.Gpu.dll DIGITS_CSV_GZ [DEVICE]
using System.Diagnostics;
using MlNotebooks;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Native;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

var digitsPath = args.Length > 0 ? args[0] : "data/digits.csv.gz";
var deviceName = args.Length > 1 ? args[1] : "cuda";
LibTorch.EnsureLoaded();
var device = LibTorch.ResolveDevice(deviceName);
Console.WriteLine($"libtorch from {LibTorch.LoadedFrom}; device {device}; cuda available {LibTorch.CudaAvailable()}");

var dir = Path.Combine(Path.GetTempPath(), "mlnb-gpu-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "mlnb.db"), ContentRoot = Path.Combine(dir, "cache"), Environment = _ => null });

async Task<double> Fit(string name, TabularData data, Func<Module<Tensor, Tensor>> build, TorchTrainerOptions o)
{
    var (train, val) = data.Split(0.1, o.Seed);
    var steps = (long)o.Epochs * ((train.Rows + o.BatchSize - 1) / o.BatchSize);
    // Warm-up run (CUDA context, cuDNN autotune, JIT), then the timed run.
    foreach (var timed in new[] { false, true })
    {
        await using var run = await ws.Tracking.StartRunAsync("gpu-bench", name);
        manual_seed(o.Seed);
        using var model = build();
        var sw = Stopwatch.StartNew();
        var r = await new TorchTrainer(ws.Tracking).FitAsync(run, model, train, val, timed ? o : o with { Epochs = 1 });
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize();
        var secs = sw.Elapsed.TotalSeconds;
        if (timed)
        {
            Console.WriteLine($"RESULT torchsharp {name}: {steps / secs:0.0} steps/s ({secs:0.00} s, {steps} steps, val_loss {r.FinalValidationLoss:0.0000}, val_accuracy {r.FinalValidationAccuracy:0.0000})");
            return steps / secs;
        }
    }
    return 0;
}

var digits = TabularData.LoadCsv(digitsPath);
await Fit("digits_cnn", digits, () => Sequential(
        ("conv1", Conv2d(1, 32, 3, padding: 1)), ("relu1", ReLU()), ("conv2", Conv2d(32, 64, 3, padding: 1)), ("relu2", ReLU()), ("pool", MaxPool2d(2)),
        ("flat", Flatten()), ("fc", Linear(64 * 4 * 4, 128)), ("relu3", ReLU()), ("out", Linear(128, 10))),
    new TorchTrainerOptions { Epochs = 30, BatchSize = 64, LearningRate = 1e-3, Device = deviceName, InputShape = [1, 8, 8], CheckpointEvery = 10, Seed = 1 });

const int Rows = 1_000_000, Features = 20;
var rng = new Random(1);
var x = new float[Rows * Features];
var y = new float[Rows];
for (var i = 0; i < Rows; i++)
{
    double s = 0;
    for (var j = 0; j < Features; j++) { var v = (float)(rng.NextDouble() * 2 - 1); x[i * Features + j] = v; s += v * (j % 3 - 1); }
    y[i] = s > 0 ? 1 : 0;
}
await Fit("mlp_1m", new TabularData(x, y, Features, 2),
    () => Sequential(("fc1", Linear(Features, 256)), ("relu1", ReLU()), ("fc2", Linear(256, 256)), ("relu2", ReLU()), ("out", Linear(256, 2))),
    new TorchTrainerOptions { Epochs = 3, BatchSize = 1024, LearningRate = 1e-3, Device = deviceName, CheckpointEvery = 1, Seed = 1, Standardize = false });
