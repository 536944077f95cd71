using Spectre.Console.Cli;

namespace MlNotebooks.Cli;

/// <summary><c>mlnb init</c>: creates .mlnb/ (SQLite store + content cache) in the current folder.</summary>
internal sealed class InitCommand : AsyncCommand<InitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[DIRECTORY]")]
        public string? Directory { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var dir = settings.Directory ?? System.IO.Directory.GetCurrentDirectory();
        var existed = System.IO.Directory.Exists(Path.Combine(dir, Workspace.FolderName));
        await using var ws = await Workspace.InitAsync(dir, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(existed ? $"Workspace already initialized at {Path.Combine(ws.Root!, Workspace.FolderName)}" : $"Initialized MlNotebooks workspace in {Path.Combine(ws.Root!, Workspace.FolderName)}");
        return 0;
    }
}
