using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Interactive;
using MlNotebooks.Interactive.Processes;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>`#!export` in a real C# kernel with the magics loaded, running this build's mlnb.dll.</summary>
[Collection(SharedSessionCollection.Name)]
public sealed class ExportMagicTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private CompositeKernel _kernel = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(MlnbCli.Variable, MlnbProcess.DllPath);
        TrackingSession.Shared.StartDirectory = _dir.Path;
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        _kernel = new CompositeKernel { csharp };
        _kernel.DefaultKernelName = csharp.Name;
        await MlNotebooksKernelExtension.LoadAsync(_kernel);
    }

    public async Task DisposeAsync()
    {
        _kernel.Dispose();
        await TrackingSession.Shared.ResetAsync();
        TrackingSession.Shared.StartDirectory = null;
        _dir.Dispose();
    }

    private static string Notebook(string tag) =>
        $$$"""{"cells":[{"cell_type":"code","execution_count":null,"id":"a","metadata":{"tags":["{{{tag}}}"]},"outputs":[],"source":"int epochs = 2;"},{"cell_type":"code","execution_count":null,"id":"b","metadata":{},"outputs":[],"source":"#!track start --experiment e\nTrack.Metric(\"x\", epochs);\n#!track end"}],"metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":5}""";

    [Fact]
    public async Task Export_WritesTheFolderAndShowsTheSummary_AndABadNotebookFailsWithTheExportersMessage()
    {
        File.WriteAllText(_dir.File("good.ipynb"), Notebook("parameters"));
        var events = (await _kernel.SendAsync(new SubmitCode("#!export good.ipynb --out out --model churn"))).Events;
        Assert.Empty(events.OfType<CommandFailed>());
        var shown = Assert.Single(events.OfType<DisplayedValueProduced>()).FormattedValues.Single().Value;
        Assert.Contains($"exported good.ipynb to {_dir.File("out")}", shown);
        Assert.Contains("serves models:/churn@production", shown);
        Assert.True(File.Exists(_dir.File("out/Good.csproj")));

        File.WriteAllText(_dir.File("bad.ipynb"), Notebook("exploration"));
        var failed = Assert.Single((await _kernel.SendAsync(new SubmitCode("#!export bad.ipynb --out out2"))).Events.OfType<CommandFailed>());
        Assert.Contains("cell 0 (`int epochs = 2;`) has unknown tag 'exploration'; accepted tags:", failed.Message);
        Assert.False(Directory.Exists(_dir.File("out2")));
    }
}
