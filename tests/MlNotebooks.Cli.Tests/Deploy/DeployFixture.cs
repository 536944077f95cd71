using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Interactive;
using MlNotebooks.Interactive.Processes;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Cli.Tests.Deploy;

/// <summary>
/// A workspace with two registered ONNX models (ML.NET logistic regressions on breast_cancer.csv): <c>cancer</c>
/// promoted to @production, and <c>broken</c>, whose model file was removed from the content store so a server cannot
/// load it. Plus a real C# kernel with the magics loaded, whose <c>#!deploy</c> runs this build's mlnb.dll.
/// </summary>
public sealed class DeployFixture : IAsyncLifetime
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "mlnb-deploy-" + Guid.NewGuid().ToString("N")[..12]);

    public Workspace Workspace { get; private set; } = null!;

    public CompositeKernel Kernel { get; private set; } = null!;

    public float[] Row { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        Workspace = await Workspace.InitAsync(Dir);
        var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
        Row = BreastCancerOnnx.Load(csv).X[0];
        var good = await RegisterAsync(csv, "cancer", features: 30);
        await Workspace.Registry.PromoteAsync("cancer", good.Version, "production");
        var broken = await RegisterAsync(csv, "broken", features: 10);
        await Workspace.Registry.PromoteAsync("broken", broken.Version, "production");
        File.Delete(Workspace.Registry.GetFilePath(broken.Package.Model));

        Environment.SetEnvironmentVariable(MlnbCli.Variable, MlnbProcess.DllPath);
        TrackingSession.Shared.TrackingUri = "sqlite:///" + Path.Combine(Dir, ".mlnb", "mlnb.db");
        TrackingSession.Shared.StartDirectory = Dir;
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        Kernel = new CompositeKernel { csharp };
        Kernel.DefaultKernelName = csharp.Name;
        await MlNotebooksKernelExtension.LoadAsync(Kernel);
    }

    private async Task<ModelVersion> RegisterAsync(string csv, string name, int features)
    {
        var onnx = Path.Combine(Dir, "models", name, "model.onnx");
        BreastCancerOnnx.Train(csv, onnx, features: features, iterations: 10);
        var run = await Workspace.Tracking.CreateRunAsync("deploy-tests");
        await Workspace.Tracking.LogArtifactAsync(run.RunId, onnx, "model");
        await Workspace.Tracking.EndRunAsync(run.RunId);
        return await Workspace.Registry.RegisterAsync(run.RunId, "model", name, new OnnxSignatureReader());
    }

    /// <summary>Submits a cell; returns its events.</summary>
    public async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code) => (await Kernel.SendAsync(new SubmitCode(code))).Events;

    public async Task DisposeAsync()
    {
        Kernel.Dispose();
        await TrackingSession.Shared.ResetAsync();
        await Workspace.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class KernelEvents
{
    public static string? Failure(this IReadOnlyList<KernelEvent> events) => events.OfType<CommandFailed>().FirstOrDefault()?.Message;

    public static void Succeeded(this IReadOnlyList<KernelEvent> events) =>
        Assert.True(events.OfType<CommandFailed>().FirstOrDefault() is null, events.Failure());

    public static string Displayed(this IReadOnlyList<KernelEvent> events, string mime) =>
        string.Join("\n", events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Where(f => f.MimeType == mime).Select(f => f.Value));
}
