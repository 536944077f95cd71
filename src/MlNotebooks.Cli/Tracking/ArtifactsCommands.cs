using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Tracking;

internal sealed class ArtifactsLogCommand : WorkspaceCommand<ArtifactsLogCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        public string? Run { get; init; }

        [CommandArgument(0, "<PATH>")]
        [Description("File or folder to log")]
        public string Path { get; init; } = "";

        [CommandOption("--artifact-path <PATH>")]
        [Description("Folder inside the run's artifacts")]
        public string? ArtifactPath { get; init; }

        public override ValidationResult Validate() => Require.Run(Run);
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var entries = await ws.Tracking.LogArtifactAsync(s.Run!, s.Path, s.ArtifactPath, ct).ConfigureAwait(false);
        Console.WriteLine($"Logged {entries.Count} file(s), {entries.Sum(e => e.Size):N0} bytes, to run {s.Run}");
        return 0;
    }
}

internal sealed class ArtifactsListCommand : WorkspaceCommand<ArtifactsListCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandOption("--run <RUN_ID>")]
        public string? Run { get; init; }

        [CommandOption("--path <PATH>")]
        public string? Path { get; init; }

        public override ValidationResult Validate() => Require.Run(Run);
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var entries = await ws.Tracking.ListArtifactsAsync(s.Run!, s.Path, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject { ["files"] = new JsonArray([.. entries.Select(e => (JsonNode)MlflowJson.ToJson(e))]) });
            return 0;
        }
        var t = Render.Table("path", "size", "md5");
        foreach (var e in entries) t.AddRow(Render.Esc(e.Path), e.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), e.Md5);
        Render.Write(t);
        return 0;
    }
}

internal sealed class ArtifactsGetCommand : WorkspaceCommand<ArtifactsGetCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        public string? Run { get; init; }

        [CommandOption("--path <PATH>")]
        [Description("File or folder inside the run (default: everything)")]
        public string? Path { get; init; }

        [CommandOption("-d|--dest <DIR>")]
        [Description("Destination folder (default: current folder)")]
        public string Dest { get; init; } = ".";

        public override ValidationResult Validate() => Require.Run(Run);
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var local = await ws.Tracking.DownloadArtifactsAsync(s.Run!, s.Path, s.Dest, ct).ConfigureAwait(false);
        Console.WriteLine(local);
        return 0;
    }
}
