using System.Globalization;
using System.Text;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>
/// One workspace for the watch tests: breast_cancer.csv split by row parity into train.csv (even rows) and later.csv
/// (odd rows: the same population, no drift), and drifted.csv (odd rows with the first 20 features 30% larger). One
/// real `mlnb train sdca` run on train.csv (ML.NET: no libtorch) is registered as 'cancer' (which the lifecycle test
/// retrains), 'steady' (read only) and 'served' (the recorded-windows test), all @production; 'bare' is the same model from a run with no dataset input.
/// </summary>
public sealed class WatchFixture : IAsyncLifetime
{
    public TempDir Dir { get; } = new();

    public string Path => Dir.Path;

    public async Task InitializeAsync()
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv")).Skip(1).Where(l => l.Length > 0).ToList();
        var header = string.Join(',', Enumerable.Range(0, 30).Select(i => $"f{i}")) + ",label";
        void Write(string name, IEnumerable<string> rows, bool shift)
        {
            var sb = new StringBuilder(header).Append('\n');
            foreach (var row in rows)
            {
                var f = row.Split(',');
                if (shift) for (var i = 0; i < 20; i++) f[i] = (double.Parse(f[i], CultureInfo.InvariantCulture) * 1.3).ToString("R", CultureInfo.InvariantCulture);
                sb.Append(string.Join(',', f)).Append('\n');
            }
            File.WriteAllText(Dir.File(name), sb.ToString());
        }
        Write("train.csv", lines.Where((_, i) => i % 2 == 0), false);
        Write("later.csv", lines.Where((_, i) => i % 2 == 1), false);
        Write("drifted.csv", lines.Where((_, i) => i % 2 == 1), true);

        await Ok("init");
        var runId = (await Ok("train", "sdca", "--data", "train.csv", "-q")).Out;
        foreach (var name in new[] { "cancer", "steady", "served" })
        {
            await Ok("models", "register", "--run", runId, "--artifact", "model", "--name", name);
            await Ok("models", "promote", name, "--version", "1", "--to", "production");
        }
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = Path });
        var onnx = (await ws.Tracking.ListArtifactsAsync(runId)).Single(e => e.Path == "model/model.onnx");
        var folder = Dir.File("bare-model");
        Directory.CreateDirectory(folder);
        File.Copy(ws.Content.GetPath(onnx.Md5), System.IO.Path.Combine(folder, "model.onnx"));
        var bare = await ws.Tracking.CreateRunAsync("bare");
        await ws.Tracking.LogArtifactAsync(bare.RunId, System.IO.Path.Combine(folder, "model.onnx"), "model");
        await ws.Tracking.EndRunAsync(bare.RunId);
        await ws.Registry.RegisterAsync(bare.RunId, "model", "bare", new OnnxSignatureReader());
        await ws.Registry.PromoteAsync("bare", 1, "production");
    }

    public Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    public Task<MlnbProcess.Result> Mlnb(params string[] args) => MlnbProcess.RunAsync(Path, args);

    public async Task<MlnbProcess.Result> Ok(params string[] args)
    {
        var r = await Mlnb(args);
        Assert.True(r.ExitCode == 0, $"mlnb {string.Join(' ', args)}: {r.Stderr}{r.Stdout}");
        return r;
    }
}
