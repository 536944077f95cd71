// Trainer overhead: the same MLP, data, seed, batching and optimizer, trained by a bare TorchSharp loop and by
// TorchTrainer (every step's loss logged through the buffered logger into SQLite, epoch metrics, a checkpoint
// artifact every epoch). Rounds alternate; the medians are compared. Usage: dotnet run -c Release [-- ROWS EPOCHS ROUNDS THREADS]
using System.Diagnostics;
using System.Globalization;
using MlNotebooks;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Native;
using MlNotebooks.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
const int Features = 20, Batch = 256, Seed = 1;
LibTorch.EnsureLoaded();
torch.set_num_threads(Math.Max(1, threads));

var rng = new Random(Seed);
var x = new float[rows * Features];
var y = new float[rows];
for (var i = 0; i < rows; i++)
{
    double s = 0;
    for (var j = 0; j < Features; j++) { var v = (float)(rng.NextDouble() * 2 - 1); x[i * Features + j] = v; s += v * (j % 3 - 1); }
    y[i] = s > 0 ? 1 : 0;
}
var data = new TabularData(x, y, Features, 2);
var (train, val) = data.Split(0.1, Seed);
Module<Tensor, Tensor> Model() { manual_seed(Seed); return Sequential(("fc1", Linear(Features, 256)), ("relu1", ReLU()), ("fc2", Linear(256, 256)), ("relu2", ReLU()), ("out", Linear(256, 2))); }
var options = new TorchTrainerOptions { Epochs = epochs, BatchSize = Batch, LearningRate = 1e-3, Device = "cpu", Seed = Seed, CheckpointEvery = 1, Standardize = false };

double Bare()
{
    using var model = Model();
    using var opt = optim.Adam(model.parameters(), options.LearningRate);
    using var xs = tensor(train.Features, [train.Rows, Features]);
    using var ys = tensor(train.Labels.Select(v => (long)v).ToArray());
    using var xv = tensor(val.Features, [val.Rows, Features]);
    using var yv = tensor(val.Labels.Select(v => (long)v).ToArray());
    var gen = new Generator(Seed);
    var sw = Stopwatch.StartNew();
    for (var e = 0; e < epochs; e++)
    {
        model.train();
        using var order = randperm(train.Rows, generator: gen);
        for (long at = 0; at < train.Rows; at += Batch)
        {
            using var scope = NewDisposeScope();
            var idx = order.narrow(0, at, Math.Min(Batch, train.Rows - at));
            opt.zero_grad();
            var loss = functional.cross_entropy(model.forward(xs.index_select(0, idx)), ys.index_select(0, idx));
            loss.item<float>(); // the bare loop reads the loss too, as any loop that prints or checks it does
            loss.backward();
            opt.step();
        }
        model.eval();
        using (no_grad()) using (NewDisposeScope()) functional.cross_entropy(model.forward(xv), yv).item<float>();
    }
    return sw.Elapsed.TotalSeconds;
}

async Task<double> Tracked(TorchTrainerOptions o)
{
    var dir = Path.Combine(Path.GetTempPath(), "mlnb-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(dir);
    try
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "mlnb.db"), ContentRoot = Path.Combine(dir, "cache"), Environment = _ => null });
        await using var run = await ws.Tracking.StartRunAsync("bench");
        using var model = Model();
        var sw = Stopwatch.StartNew();
        await new TorchTrainer(ws.Tracking).FitAsync(run, model, train, val, o);
        await run.EndAsync();
        return sw.Elapsed.TotalSeconds;
    }
    finally { Directory.Delete(dir, true); }
}

Console.WriteLine($"MLP 20→256→256→2, {train.Rows:N0} train rows, batch {Batch}, {epochs} epochs, Adam, CPU ({Environment.ProcessorCount} cores, {threads} torch threads), {rounds} alternating rounds");
Bare(); // warm-up (JIT, libtorch thread pool)
var bare = new List<double>();
var tracked = new List<double>();
var noCheckpoints = new List<double>();
for (var r = 0; r < rounds; r++)
{
    bare.Add(Bare());
    tracked.Add(await Tracked(options));
    noCheckpoints.Add(await Tracked(options with { CheckpointEvery = 0 }));
    Console.WriteLine($"  round {r + 1}: bare loop {bare[^1]:0.000} s · TorchTrainer {tracked[^1]:0.000} s · TorchTrainer without checkpoints {noCheckpoints[^1]:0.000} s");
}
double Median(List<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }
var ratio = Median(tracked) / Median(bare);
var steps = epochs * ((train.Rows + Batch - 1) / Batch);
Console.WriteLine($"median: bare {Median(bare):0.000} s ({steps / Median(bare):0} steps/s) · TorchTrainer {Median(tracked):0.000} s ({steps / Median(tracked):0} steps/s)");
Console.WriteLine($"without checkpoints: {Median(noCheckpoints):0.000} s, ratio {Median(noCheckpoints) / Median(bare):0.000}");
Console.WriteLine($"ratio TorchTrainer/bare = {ratio:0.000} → overhead {(ratio - 1) * 100:+0.0;-0.0}% (target < 5%); logged {steps} step metrics + {epochs} checkpoints per run");
