using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Notebooks.Export;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>
/// Once per class: notebooks/examples/train-tracked.ipynb exported (app name <see cref="App"/>), then
/// <c>scripts/containers/build-export.sh</c> run on it as a user runs it: it publishes the job and mlnb-serve into
/// the folder and builds Dockerfile.train and Dockerfile.serve with podman from the local bases, offline. The images
/// are cached by content hash and deliberately kept (one per name: a rebuild replaces the previous one), so a CI
/// machine rebuilds them only when the job, the server, a Dockerfile or the base change; the temp folder is removed.
/// </summary>
public sealed class TrainImageFixture : IAsyncLifetime
{
    /// <summary>The export's app name: images localhost/mlnb-ci-train-tracked-{train,serve}.</summary>
    public const string App = "mlnb-ci-train-tracked";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "mlnb-train-image-" + Guid.NewGuid().ToString("N")[..12]);

    public string Id { get; } = "mlnb-test-" + Guid.NewGuid().ToString("N")[..10];

    public string Export => Path.Combine(Dir, "export");

    public static string Notebook => Path.Combine(Podman.RepoRoot, "notebooks", "examples", "train-tracked.ipynb");

    public static string Script => Path.Combine(Podman.RepoRoot, "scripts", "containers", "build-export.sh");

    /// <summary>What the script printed: one line per image, <c>IMAGE SIZE MB built|cached …</c>.</summary>
    public string[] BuildLines { get; private set; } = [];

    public string TrainImage => $"localhost/{App}-train:latest";

    public string ServeImage => $"localhost/{App}-serve:latest";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        NotebookExporter.Export(new ExportRequest(Notebook, Export, Name: App, Model: "cancer"));
        BuildLines = (await BuildAsync(Export)).Ok("build-export.sh").Out.Split('\n');
    }

    /// <summary>Runs <c>scripts/containers/build-export.sh ARGS</c>.</summary>
    public static Task<Podman.Result> BuildAsync(params string[] args) => Podman.ExecAsync("bash", Podman.RepoRoot, [Script, .. args]);

    public async Task DisposeAsync()
    {
        var containers = await Podman.RunAsync("ps", "-a", "--filter", "name=" + Id, "--format", "{{.ID}}");
        foreach (var c in containers.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await Podman.RunAsync("rm", "-f", "-t", "0", c);
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
