using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataCheckoutCommand : WorkspaceCommand<DataCheckoutCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Only this tracked path or .dvc file (default: all)")]
        public string? Path { get; init; }

        [CommandOption("-f|--force")]
        [Description("Overwrite workspace changes that are not in the cache")]
        public bool Force { get; init; }

        [CommandOption("--link <TYPE>")]
        [Description("copy (default; verifies hashes) or hardlink (no copy; files become read-only)")]
        public string Link { get; init; } = "copy";
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws, new DataOptions { LinkType = Links.Parse(s.Link) });
        var r = await ProgressDisplay.RunAsync("checkout", p => data.CheckoutAsync(s.Path, s.Force, p, ct)).ConfigureAwait(false);
        Output.Checkout(r);
        return 0;
    }
}

/// <summary>Parses <c>--link</c>.</summary>
internal static class Links
{
    public static LinkType Parse(string s) => s.ToLowerInvariant() switch
    {
        "copy" => LinkType.Copy,
        "hardlink" => LinkType.Hardlink,
        _ => throw MlnbException.Invalid($"--link '{s}' is not a link type; use copy or hardlink"),
    };
}

/// <summary>Shared lines for checkout and pull.</summary>
internal static class Output
{
    public static void Checkout(CheckoutResult r)
    {
        Console.WriteLine($"{r.Written} file(s) written, {r.Unchanged} unchanged, {r.Removed} removed");
        foreach (var k in r.KeptUntracked) Console.WriteLine($"kept untracked file (not in the cache): {k}");
    }
}
