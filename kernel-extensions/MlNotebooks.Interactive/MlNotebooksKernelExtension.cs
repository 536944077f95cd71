using Microsoft.DotNet.Interactive;
using MlNotebooks.Interactive.Magics;

namespace MlNotebooks.Interactive;

/// <summary>
/// The kernel extension: registers the MlNotebooks magic commands (<c>#!track</c>, ...) and their HTML formatters, and
/// shows a short help blurb. The kernel finds it in the package's <c>interactive-extensions/dotnet</c> folder; after
/// <c>#r "path/MlNotebooks.Interactive.dll"</c> call <see cref="LoadAsync"/> yourself.
/// </summary>
public sealed class MlNotebooksKernelExtension : IKernelExtension
{
    /// <inheritdoc />
    public Task OnLoadAsync(Kernel kernel) => LoadAsync(kernel);

    /// <summary>Registers the magic family on <paramref name="kernel"/> (normally the root CompositeKernel). Idempotent.</summary>
    public static async Task LoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var family = MagicFamily.Create();
        if (!family.Register(kernel)) return;
        await family.ReferenceFacadeAsync(kernel).ConfigureAwait(false);
        if (KernelInvocationContext.Current is { } context)
            context.DisplayAs(family.HelpMarkdown(), "text/markdown");
    }
}
