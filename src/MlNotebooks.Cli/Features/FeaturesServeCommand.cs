using System.ComponentModel;
using MlNotebooks.Features.Server;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features serve</c>: Feast's <c>feast serve</c>.</summary>
internal sealed class FeaturesServeCommand : AsyncCommand<FeaturesServeCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandOption("--host <IP>")]
        [Description("Address to bind (default 127.0.0.1)")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <PORT>")]
        [Description("Port (default 6566, Feast's; 0 picks a free one)")]
        public int Port { get; init; } = 6566;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            await using var server = await FeatureServer.StartAsync(store, s.Host, s.Port, ct).ConfigureAwait(false);
            Console.WriteLine($"Serving POST {server.Address}get-online-features (Ctrl+C to stop)");
            try { await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        return 0;
    }
}
