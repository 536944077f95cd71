using System.ComponentModel;
using System.Diagnostics;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataAddCommand : WorkspaceCommand<DataAddCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("Files or folders to track")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--link <TYPE>")]
        [Description("copy (default: the cache gets its own copy) or hardlink (no copy; the file becomes read-only, as DVC's cache.type=hardlink)")]
        public string Link { get; init; } = "copy";

        [CommandOption("-j|--jobs <N>")]
        [Description("Files hashed at once (default: one per core)")]
        public int? Jobs { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws, new DataOptions { Parallelism = s.Jobs ?? Environment.ProcessorCount, LinkType = Links.Parse(s.Link) });
        var sw = Stopwatch.StartNew();
        var added = await ProgressDisplay.RunAsync("hashing", p => data.AddAsync(s.Paths, p, ct)).ConfigureAwait(false);
        foreach (var t in added)
            Console.WriteLine($"Added {t.WorkspacePath} ({DataFormat.Describe(t.Output)}) -> {t.PointerFile}");
        var ignores = added.Select(t => System.IO.Path.GetDirectoryName(t.WorkspacePath)!.Replace('\\', '/')).Select(d => d.Length == 0 ? ".gitignore" : d + "/.gitignore").Distinct();
        Console.WriteLine($"To track the changes with git, run:\n\tgit add {string.Join(' ', added.Select(t => t.PointerFile).Concat(ignores))}");
        if (Environment.GetEnvironmentVariable("MLNB_TIMING") == "1") Console.Error.WriteLine($"add took {sw.Elapsed.TotalSeconds:0.000}s");
        return 0;
    }
}
