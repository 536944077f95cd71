using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class RemoteAddCommand : WorkspaceCommand<RemoteAddCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandArgument(1, "<URL>")]
        [Description("A folder (local or shared) or s3://bucket/prefix")]
        public string Url { get; init; } = "";

        [CommandOption("-d|--default")]
        [Description("Make it the default remote")]
        public bool Default { get; init; }

        [CommandOption("-f|--force")]
        [Description("Replace a remote of the same name")]
        public bool Force { get; init; }

        [CommandOption("--endpoint-url <URL>")]
        [Description("S3-compatible server (MinIO, s3rver, …), e.g. http://127.0.0.1:4569")]
        public string? EndpointUrl { get; init; }
    }

    protected override Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var r = data.AddRemote(s.Name, s.Url, s.Default, s.Force);
        if (s.EndpointUrl is not null) data.ModifyRemote(s.Name, "endpointurl", s.EndpointUrl);
        Console.WriteLine($"Remote '{r.Name}' -> {r.Url}{(r.IsDefault ? " (default)" : "")} in .dvc/config");
        return Task.FromResult(0);
    }
}

internal sealed class RemoteModifyCommand : WorkspaceCommand<RemoteModifyCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandArgument(1, "<KEY>")]
        [Description("endpointurl, region, access_key_id, secret_access_key, url")]
        public string Key { get; init; } = "";

        [CommandArgument(2, "<VALUE>")]
        public string Value { get; init; } = "";

        [CommandOption("--local")]
        [Description("Write to .dvc/config.local (git-ignored; use it for secrets)")]
        public bool Local { get; init; }
    }

    protected override Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        data.ModifyRemote(s.Name, s.Key, s.Value, s.Local);
        Console.WriteLine($"Set {s.Key} of remote '{s.Name}' in .dvc/{(s.Local ? "config.local" : "config")}");
        return Task.FromResult(0);
    }
}

internal sealed class RemoteListCommand : WorkspaceCommand<WorkspaceSettings>
{
    protected override Task<int> RunAsync(Workspace ws, WorkspaceSettings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        foreach (var r in data.GetRemotes())
            Console.WriteLine($"{r.Name}\t{r.Url}{(r.IsDefault ? "\t(default)" : "")}{string.Concat(r.Options.Select(o => $"\t{o.Key}={o.Value}"))}");
        return Task.FromResult(0);
    }
}
