using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Processes;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Export;

/// <summary>
/// <c>#!export</c>: writes the notebook's training job, serving app, images, Kubernetes manifests and CI workflow through
/// a child <c>mlnb export</c> (the exporter lives in MlNotebooks.Notebooks, above this extension), and shows its summary.
/// </summary>
internal sealed class ExportMagic(TrackingSession session) : IMagic
{
    /// <summary>The magic's name.</summary>
    public const string Name = "#!export";

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective(Name)
    {
        Description = "Export a notebook to a training job, serving app, Dockerfiles, Kubernetes manifests and a CI workflow.",
        Parameters =
        {
            new KernelDirectiveParameter("--notebook", "The notebook file (.ipynb or .dib) to export") { AllowImplicitName = true, Required = true },
            new KernelDirectiveParameter("--out", "Folder to write (default: export/NAME beside the notebook)"),
            new KernelDirectiveParameter("--name", "App name (default: the notebook's file name)"),
            new KernelDirectiveParameter("--model", "Registered model to serve"),
            new KernelDirectiveParameter("--force", "Write into a folder that holds other files") { Flag = true },
        },
    };

    public IReadOnlyList<string> HelpLines => [$"{Name} NOTEBOOK [--out DIR] [--name NAME] [--model NAME] [--force] — {Directive.Description}"];

    public void Register(Kernel kernel) => kernel.AddDirective<ExportCommand>(Directive, Handle<ExportCommand>(ExportAsync));

    private async Task ExportAsync(ExportCommand c, KernelInvocationContext ctx)
    {
        var cwd = session.StartDirectory ?? Environment.CurrentDirectory;
        var args = new List<string> { "export", Path.GetFullPath(c.Notebook!, cwd) };
        if (c.Out is not null) args.AddRange(["--out", Path.GetFullPath(c.Out, cwd)]);
        if (c.Name is not null) args.AddRange(["--name", c.Name]);
        if (c.Model is not null) args.AddRange(["--model", c.Model]);
        if (c.Force) args.Add("--force");
        var psi = MlnbCli.StartInfo(args, cwd);
        psi.Environment["NO_COLOR"] = "1";
        using var process = System.Diagnostics.Process.Start(psi) ?? throw new MlnbException(ErrorCode.InternalError, "could not start mlnb export");
        var stderr = process.StandardError.ReadToEndAsync(ctx.CancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(ctx.CancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(ctx.CancellationToken).ConfigureAwait(false);
        var lines = stdout.Split('\n').Concat((await stderr.ConfigureAwait(false)).Split('\n')).ToList();
        if (process.ExitCode != 0) throw MlnbCli.ChildFailed("mlnb export", process.ExitCode, lines);
        KernelInvocationContextExtensions.Display(ctx, stdout.TrimEnd(), "text/plain");
    }
}
