using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using MlNotebooks.Interactive.Formatting;
using MlNotebooks.Interactive.Magics.Data;
using MlNotebooks.Interactive.Magics.Monitor;
using MlNotebooks.Interactive.Magics.Track;

namespace MlNotebooks.Interactive.Magics;

/// <summary>
/// The MlNotebooks magics and what they share: registration on a kernel, one validation pass for subcommand and
/// option names (the kernel ignores unknown options silently), cell counting for lineage, and the help blurb.
/// A later magic adds a folder and one line to <see cref="Create"/>.
/// </summary>
internal sealed class MagicFamily(IReadOnlyList<IMagic> magics)
{
    private const string RegisteredMarker = "mlnb-magics";

    /// <summary>The family with fresh directive objects (a directive belongs to one kernel).</summary>
    public static MagicFamily Create() =>
        new([new TrackMagic(TrackingSession.Shared), new DataMagic(TrackingSession.Shared), new Registry.RegistryMagic(TrackingSession.Shared),
            new Train.TrainMagic(TrackingSession.Shared), new Deploy.DeployMagic(TrackingSession.Shared),
            new MonitorMagic(TrackingSession.Shared), new Export.ExportMagic(TrackingSession.Shared),
            new Features.FeaturesMagic(TrackingSession.Shared)]);

    public IReadOnlyList<IMagic> Magics => magics;

    /// <summary>Adds every magic to <paramref name="kernel"/>; false when they were there already.</summary>
    public bool Register(Kernel kernel)
    {
        if (kernel.KernelInfo.SupportedDirectives.Any(d => d.Name == magics[0].Directive.Name)) return false;
        foreach (var magic in magics)
        {
            magic.Register(kernel);
            if (!kernel.KernelInfo.SupportedDirectives.Contains(magic.Directive))
                kernel.KernelInfo.SupportedDirectives.Add(magic.Directive);
        }
        var validator = new DirectiveValidator(magics.Select(m => m.Directive).ToList());
        // Loaded from a cell (#r nuget in Jupyter): that cell counts, so later cell indices match the notebook.
        if (KernelInvocationContext.Current?.Command is { } loading && Root(loading) is SubmitCode loadingCell)
            TrackingSession.Shared.Lineage.CellStarted(loadingCell);
        kernel.AddMiddleware(async (command, context, next) =>
        {
            if (Root(command) is SubmitCode cell && TrackingSession.Shared.Lineage.CellStarted(cell) && validator.Validate(cell.Code) is { } error)
            {
                context.Fail(command, message: error);
                return;
            }
            await next(command, context).ConfigureAwait(false);
        }, RegisteredMarker);
        RunFormatters.Register();
        return true;
    }

    private static KernelCommand Root(KernelCommand command)
    {
        while (command.Parent is not null) command = command.Parent;
        return command;
    }

    /// <summary>Makes <c>Track</c> and the MlNotebooks types usable from C# cells.</summary>
    public async Task ReferenceFacadeAsync(Kernel kernel)
    {
        var csharp = kernel.FindKernels(k => k.KernelInfo.LanguageName == "C#").FirstOrDefault();
        if (csharp is null) return;
        var here = typeof(MagicFamily).Assembly.Location;
        var core = typeof(MlnbException).Assembly.Location;
        var code = $"#r \"{core}\"\n#r \"{here}\"\nusing MlNotebooks.Interactive;";
        if (KernelInvocationContext.Current is not null)
        {
            // Loaded from inside a cell (#r nuget, or #r + LoadAsync): a nested submission's script state would be
            // replaced by the running cell's, so run it before the next command instead.
            csharp.DeferCommand(new SubmitCode(code, csharp.Name));
            return;
        }
        var result = await csharp.SendAsync(new SubmitCode(code, csharp.Name)).ConfigureAwait(false);
        if (result.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>().FirstOrDefault() is { } failed)
            throw new MlnbException(ErrorCode.InternalError, "could not reference MlNotebooks in the C# kernel: " + failed.Message);
    }

    public string HelpMarkdown()
    {
        var sb = new StringBuilder("**MlNotebooks** magics are loaded:\n\n");
        foreach (var m in magics)
            foreach (var line in m.HelpLines) sb.Append("- `").Append(line.Split(" — ")[0]).Append("` — ").Append(line.Split(" — ").ElementAtOrDefault(1)).Append('\n');
        sb.Append("\nFrom C#: `Track.Metric(\"loss\", value, step)`, `Track.Param(\"lr\", 0.01)`, `Track.RunId`.");
        return sb.ToString();
    }
}
