// bf16 on CPU by explicit casting, against float32: the same MLP, data split, seed, batches and Adam on breast_cancer.
// Three ways: float32; pure bf16 (model.to(bfloat16), inputs cast, loss computed on float32 logits); and bf16 compute
// with float32 master weights (a bf16 copy of the model runs forward/backward, its gradients are cast back onto the
// float32 model the optimizer steps). Prints steps/s and validation accuracy/loss per way (median of ROUNDS).
// Usage: dotnet run -c Release [-- EPOCHS ROUNDS HIDDEN BATCH]
using System.Diagnostics;
using System.Globalization;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Native;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

var epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var hidden = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
const int Seed = 42;
LibTorch.EnsureLoaded();
torch.set_num_threads(1);
var dir = new DirectoryInfo(AppContext.BaseDirectory);
while (!File.Exists(Path.Combine(dir!.FullName, "data", "breast_cancer.csv"))) dir = dir.Parent;
var data = TabularData.LoadCsv(Path.Combine(dir.FullName, "data", "breast_cancer.csv"));
var (train, val) = data.Split(0.2, Seed);
var scaler = Standardizer.Fit(train);
Tensor X(TabularData d) => tensor(d.Features.Select((v, i) => (v - scaler.Mean[i % d.Columns]) / scaler.Std[i % d.Columns]).ToArray(), [d.Rows, d.Columns]);
Tensor Y(TabularData d) => tensor(d.Labels.Select(v => (long)v).ToArray());
using var xs = X(train); using var ys = Y(train); using var xv = X(val); using var yv = Y(val);
Module<Tensor, Tensor> Model() { manual_seed(Seed); return Sequential(("fc1", Linear(data.Columns, hidden)), ("relu", ReLU()), ("out", Linear(hidden, 2))); }

(double StepsPerSecond, double Accuracy, double Loss) Run(string way)
{
    using var master = Model();
    using var half = way == "master" ? Model() : null;
    if (way == "bf16") master.to(ScalarType.BFloat16);
    half?.to(ScalarType.BFloat16);
    var compute = half ?? master;
    var dtype = way == "fp32" ? ScalarType.Float32 : ScalarType.BFloat16;
    using var opt = optim.Adam(master.parameters(), 0.003);
    using var xc = xs.to(dtype);
    var gen = new Generator(Seed);
    long steps = 0;
    var sw = Stopwatch.StartNew();
    for (var e = 0; e < epochs; e++)
    {
        compute.train();
        using var order = randperm(train.Rows, generator: gen);
        for (long at = 0; at < train.Rows; at += batch)
        {
            using var scope = NewDisposeScope();
            if (half is not null)
                using (no_grad())
                    foreach (var (h, m) in half.parameters().Zip(master.parameters())) h.copy_(m);
            var idx = order.narrow(0, at, Math.Min(batch, train.Rows - at));
            opt.zero_grad();
            compute.zero_grad();
            var loss = functional.cross_entropy(compute.forward(xc.index_select(0, idx)).to(ScalarType.Float32), ys.index_select(0, idx));
            loss.item<float>();
            loss.backward();
            if (half is not null)
                foreach (var (h, m) in half.parameters().Zip(master.parameters())) m.grad = h.grad!.to(ScalarType.Float32);
            opt.step();
            steps++;
        }
    }
    var secs = sw.Elapsed.TotalSeconds;
    compute.eval();
    if (half is not null) using (no_grad()) foreach (var (h, m) in half.parameters().Zip(master.parameters())) h.copy_(m);
    using var _ = no_grad();
    using var logits = compute.forward(xv.to(dtype)).to(ScalarType.Float32);
    var acc = logits.argmax(1).eq(yv).to(ScalarType.Float32).mean().item<float>();
    var l = functional.cross_entropy(logits, yv).item<float>();
    return (steps / secs, acc, l);
}

Console.WriteLine($"breast_cancer: {train.Rows} train / {val.Rows} val rows, MLP 30→{hidden}→2, batch {batch}, {epochs} epochs, Adam lr 0.003, 1 torch thread, {rounds} rounds");
Run("fp32"); Run("bf16"); Run("master"); // warm-up
var results = new Dictionary<string, List<(double S, double A, double L)>> { ["fp32"] = [], ["bf16"] = [], ["master"] = [] };
for (var r = 0; r < rounds; r++) foreach (var way in results.Keys) results[way].Add(Run(way));
foreach (var (way, rs) in results)
{
    var s = rs.Select(x => x.S).Order().ToList()[rs.Count / 2];
    Console.WriteLine(FormattableString.Invariant($"{way,-7} steps/s {s,8:F1}  val_accuracy {rs[0].A:F4}  val_loss {rs[0].L:F4}  (steps/s per round: {string.Join(", ", rs.Select(x => x.S.ToString("F1", CultureInfo.InvariantCulture)))})"));
}
