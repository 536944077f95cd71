using System.Diagnostics;
using System.Reflection;

namespace MlNotebooks.Interactive.Lineage;

/// <summary>
/// What a run records about where it came from: the notebook path and cell index (set by the host, or counted from
/// submissions), the git commit and dirty flag of the repository, and the kernel and package versions.
/// </summary>
internal sealed class NotebookLineage
{
    public const string NotebookPathTag = "mlnb.notebook.path";
    public const string CellIndexTag = "mlnb.notebook.cell";
    public const string GitDirtyTag = "mlnb.source.git.dirty";
    public const string KernelVersionTag = "mlnb.kernel.version";
    public const string PackagesTag = "mlnb.packages";

    private int _submissions;
    private Microsoft.DotNet.Interactive.Commands.SubmitCode? _lastCell;

    /// <summary>The notebook being run; the headless runner sets it, Jupyter leaves it unset.</summary>
    public string? NotebookPath { get; set; } = Environment.GetEnvironmentVariable("MLNB_NOTEBOOK_PATH");

    /// <summary>The index of the cell running now; the headless runner sets it, else the submission count.</summary>
    public int? CellIndex { get; set; }

    /// <summary>Counts cells: every command a cell splits into reports the same root submission. True for a new cell.</summary>
    public bool CellStarted(Microsoft.DotNet.Interactive.Commands.SubmitCode cell)
    {
        if (ReferenceEquals(Interlocked.Exchange(ref _lastCell, cell), cell)) return false;
        Interlocked.Increment(ref _submissions);
        return true;
    }

    public async Task<Dictionary<string, string>> TagsAsync(CancellationToken ct)
    {
        var tags = new Dictionary<string, string>
        {
            [Tracking.SystemTags.SourceType] = "NOTEBOOK",
            [CellIndexTag] = (CellIndex ?? Math.Max(0, _submissions - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [KernelVersionTag] = $".NET Interactive {Version(typeof(Microsoft.DotNet.Interactive.Kernel).Assembly)}; .NET {Environment.Version}",
            [PackagesTag] = $"MlNotebooks.Interactive {Version(typeof(NotebookLineage).Assembly)}; MlNotebooks.Core {Version(typeof(MlnbException).Assembly)}",
        };
        if (NotebookPath is { } path)
        {
            tags[NotebookPathTag] = path;
            tags[Tracking.SystemTags.SourceName] = path;
        }
        var dir = NotebookPath is { } p && Path.GetDirectoryName(Path.GetFullPath(p)) is { } d ? d : Directory.GetCurrentDirectory();
        var commit = await GitAsync(dir, "rev-parse HEAD", ct).ConfigureAwait(false);
        if (commit is { Length: > 0 })
        {
            tags[Tracking.SystemTags.GitCommit] = commit.Trim();
            var status = await GitAsync(dir, "status --porcelain --untracked-files=no", ct).ConfigureAwait(false);
            tags[GitDirtyTag] = string.IsNullOrWhiteSpace(status) ? "false" : "true";
        }
        return tags;
    }

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString() ?? "?";

    private static async Task<string?> GitAsync(string dir, string args, CancellationToken ct)
    {
        try
        {
            var psi = new ProcessStartInfo("git", $"-C \"{dir}\" {args}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine: no git tags
        }
    }
}
