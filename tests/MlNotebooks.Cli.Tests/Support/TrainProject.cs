using System.Text.Json.Nodes;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Support;

/// <summary>A project folder (mlnb init, breast_cancer.csv, a small definition file) for #!train and mlnb train tests.</summary>
public sealed class TrainProject : IDisposable
{
    /// <summary>A tiny definition: P("hidden"), the --data file, few epochs, no checkpoints.</summary>
    public const string Definition = """
        using static TorchSharp.torch.nn;
        var data = Data();
        var hidden = P("hidden", 4);
        return new TrainingJob { Data = data, Model = () => Sequential(("fc", Linear(data.Columns, hidden)), ("relu", ReLU()), ("out", Linear(hidden, data.Classes))), Options = new TorchTrainerOptions { Epochs = 2, CheckpointEvery = 0, Device = "cpu", LearningRate = 0.05 } };
        """;

    private readonly TempDir _dir = new();

    private TrainProject() { }

    public string Path => _dir.Path;

    public string File(string name) => _dir.File(name);

    public static async Task<TrainProject> CreateAsync()
    {
        var p = new TrainProject();
        Assert.Equal(0, (await MlnbProcess.RunAsync(p.Path, "init")).ExitCode);
        System.IO.File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), p.File("breast_cancer.csv"));
        await System.IO.File.WriteAllTextAsync(p.File("def.cs"), Definition);
        return p;
    }

    public Task<Workspace> OpenAsync() => Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = Path, Environment = _ => null });

    /// <summary>Writes a C# notebook (nbformat 4.5) with one code cell per source.</summary>
    public string Notebook(string name, params string[] cells)
    {
        var nb = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" }, ["language_info"] = new JsonObject { ["name"] = "C#" } },
            ["cells"] = new JsonArray([.. cells.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"cell-{i}", ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["execution_count"] = null, ["outputs"] = new JsonArray(), ["source"] = c,
            })]),
        };
        var path = File(name);
        System.IO.File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
