using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

/// <summary>Options of push, fetch and pull.</summary>
internal class TransferSettings : WorkspaceSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Only this tracked path (default: all)")]
    public string? Path { get; init; }

    [CommandOption("-r|--remote <NAME>")]
    [Description("Remote name (default: core.remote in .dvc/config)")]
    public string? Remote { get; init; }

    [CommandOption("-j|--jobs <N>")]
    [Description("Objects transferred at once (default 8)")]
    public int? Jobs { get; init; }

    public DataOptions Options() => new() { TransferParallelism = Jobs ?? 8 };
}

internal sealed class DataPushCommand : WorkspaceCommand<TransferSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, TransferSettings s, CancellationToken ct)
    {
        using var data = new DataClient(ws, s.Options());
        var r = await ProgressDisplay.RunAsync("push", p => data.PushAsync(s.Path, s.Remote, p, ct)).ConfigureAwait(false);
        Console.WriteLine($"{r.Transferred} object(s) pushed ({DataFormat.Bytes(r.Bytes)}), {r.AlreadyThere} already on the remote");
        if (r.MissingLocally > 0)
        {
            Console.Error.WriteLine($"error: {r.MissingLocally} object(s) are not in the cache and were not pushed; run `mlnb data status` to see which");
            return ErrorCode.ResourceDoesNotExist.ToExitCode();
        }
        return 0;
    }
}

internal sealed class DataFetchCommand : WorkspaceCommand<TransferSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, TransferSettings s, CancellationToken ct)
    {
        using var data = new DataClient(ws, s.Options());
        var r = await ProgressDisplay.RunAsync("fetch", p => data.FetchAsync(s.Path, s.Remote, p, ct)).ConfigureAwait(false);
        Console.WriteLine($"{r.Transferred} object(s) fetched ({DataFormat.Bytes(r.Bytes)}), {r.AlreadyThere} already in the cache");
        return 0;
    }
}

internal sealed class DataPullCommand : WorkspaceCommand<DataPullCommand.Settings>
{
    public sealed class Settings : TransferSettings
    {
        [CommandOption("-f|--force")]
        [Description("Overwrite workspace changes that are not in the cache")]
        public bool Force { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws, s.Options());
        var (f, c) = await ProgressDisplay.RunAsync("pull", p => data.PullAsync(s.Path, s.Remote, s.Force, p, ct)).ConfigureAwait(false);
        Console.WriteLine($"{f.Transferred} object(s) fetched ({DataFormat.Bytes(f.Bytes)})");
        Output.Checkout(c);
        return 0;
    }
}

internal sealed class DataLogInputCommand : WorkspaceCommand<DataLogInputCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        public string? Run { get; init; }

        [CommandArgument(0, "<PATH>")]
        [Description("Tracked paths the run read")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--context <CONTEXT>")]
        [Description("How the run used them (training, validation, …)")]
        public string Context { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(Run) ? Spectre.Console.ValidationResult.Error("--run RUN_ID is required") : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        foreach (var i in await data.LogInputsAsync(s.Run!, s.Paths, s.Context, ct).ConfigureAwait(false))
            Console.WriteLine($"run {s.Run} read {i.Name} (md5 {i.Digest})");
        return 0;
    }
}
