using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using MlNotebooks.Interactive;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>
/// A real .NET Interactive kernel in this process: a CompositeKernel with a C# kernel (NuGet, helpers, #!who, value
/// sharing, #!import) and the MlNotebooks magics loaded. Packages added with <c>#r "nuget: …"</c> that carry an
/// <c>interactive-extensions/dotnet</c> folder get their extensions loaded, as the dotnet-interactive tool does.
/// </summary>
internal sealed class KernelHost : IDisposable
{
    private KernelHost(CompositeKernel kernel) => Kernel = kernel;

    public CompositeKernel Kernel { get; }

    /// <summary>The kernel names cells may ask for.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["csharp"];

    public static async Task<KernelHost> StartAsync()
    {
        // Roslyn's first compilation (type loading, binder and metadata set-up) is most of a cold start; on a second
        // core it overlaps the C# kernel's construction. 10-cell notebook, 6 alternating runs: median 2.87 s → 2.64 s.
        var warmUp = Environment.ProcessorCount > 1 ? Task.Run(WarmUpCompilerAsync) : Task.CompletedTask;
        var csharp = new CSharpKernel().UseKernelHelpers().UseWho().UseValueSharing();
        csharp.UseNugetDirective((kernel, packages) => LoadPackageExtensionsAsync(kernel, packages));
        var composite = new CompositeKernel { csharp }.UseImportMagicCommand();
        composite.DefaultKernelName = csharp.Name;
        await warmUp.ConfigureAwait(false);
        await MlNotebooksKernelExtension.LoadAsync(composite).ConfigureAwait(false);
        return new KernelHost(composite);
    }

    private static async Task WarmUpCompilerAsync()
    {
        try
        {
            await Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.EvaluateAsync<int>("1 + 1").ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Only a warm-up: a real compiler problem is reported by the first cell that meets it.
        }
    }

    private static async Task LoadPackageExtensionsAsync(Kernel kernel, IReadOnlyList<ResolvedPackageReference> packages)
    {
        foreach (var package in packages)
        {
            var folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(folder)) continue;
            foreach (var dll in Directory.EnumerateFiles(folder, "*.dll"))
            {
                var assembly = System.Reflection.Assembly.LoadFrom(dll);
                foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract))
                    if (Activator.CreateInstance(type) is IKernelExtension extension)
                        await extension.OnLoadAsync(kernel.RootKernel).ConfigureAwait(false);
            }
        }
    }

    public Task<KernelCommandResult> SubmitAsync(string code, string kernelName, CancellationToken ct) =>
        Kernel.SendAsync(new SubmitCode(code, kernelName), ct);

    public void Dispose() => Kernel.Dispose();

    /// <summary>Whether a result failed.</summary>
    public static CommandFailed? Failure(KernelCommandResult result) => result.Events.OfType<CommandFailed>().FirstOrDefault();
}
