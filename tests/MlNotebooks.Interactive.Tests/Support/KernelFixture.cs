using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace MlNotebooks.Interactive.Tests.Support;

/// <summary>
/// One real CompositeKernel + CSharpKernel with the extension loaded, shared by the tests of a collection (a C#
/// kernel costs about a second to warm up), and a SQLite workspace in a temp folder.
/// </summary>
public sealed class KernelFixture : IAsyncLifetime
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "mlnb-kernel-" + Guid.NewGuid().ToString("N")[..12]);

    public CompositeKernel Kernel { get; private set; } = null!;

    public Workspace Workspace { get; private set; } = null!;

    public IReadOnlyList<KernelEvent> LoadEvents { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        Workspace = await Workspace.InitAsync(Dir);
        TrackingSession.Shared.TrackingUri = "sqlite:///" + Path.Combine(Dir, ".mlnb", "mlnb.db");
        TrackingSession.Shared.StartDirectory = Dir; // the project folder, for #!data
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing().UseWho();
        Kernel = new CompositeKernel { csharp };
        Kernel.DefaultKernelName = csharp.Name;
        // The documented `#r "path/to.dll"` route: reference the assembly, then call its load method on the root kernel.
        var dll = typeof(MlNotebooksKernelExtension).Assembly.Location;
        LoadEvents = await SubmitAsync($"#r \"{dll}\"\nawait MlNotebooks.Interactive.MlNotebooksKernelExtension.LoadAsync(Microsoft.DotNet.Interactive.Kernel.Root);");
        LoadEvents.Succeeded();
    }

    /// <summary>Submits a cell; returns its events.</summary>
    public async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code)
    {
        var result = await Kernel.SendAsync(new SubmitCode(code));
        return result.Events;
    }

    public async Task DisposeAsync()
    {
        await TrackingSession.Shared.ResetAsync();
        Kernel.Dispose();
        await Workspace.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<KernelFixture>
{
    public const string Name = "kernel";
}

public static class Events
{
    public static string? Failure(this IReadOnlyList<KernelEvent> events) => events.OfType<CommandFailed>().FirstOrDefault()?.Message;

    public static void Succeeded(this IReadOnlyList<KernelEvent> events) =>
        Assert.True(events.OfType<CommandFailed>().FirstOrDefault() is null, events.Failure());

    public static string Displayed(this IReadOnlyList<KernelEvent> events, string mime) =>
        string.Join("\n", events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Where(f => f.MimeType == mime).Select(f => f.Value));

    public static string StandardOutput(this IReadOnlyList<KernelEvent> events) =>
        string.Concat(events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(f => f.Value));
}
