using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Formatting;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Deploy;

/// <summary>
/// <c>#!deploy</c>: serve a registered model from a cell. <c>start</c> runs <c>mlnb serve</c> as a child process (ONNX
/// Runtime and Kestrel stay out of the kernel; the server outlives the cell), <c>status</c> and <c>metrics</c> read the
/// servers' Prometheus figures, <c>stop</c> ends them; the kernel's disposal or exit ends the rest.
/// </summary>
internal sealed class DeployMagic(TrackingSession session) : IMagic
{
    private readonly Deployments _deployments = new();

    private static KernelDirectiveParameter ServerName(string help) => new("--name", help) { AllowImplicitName = true };

    private readonly KernelActionDirective _start = new("start")
    {
        Description = "Serve a model in a child process: models:/NAME@ALIAS [--port P] [--name N]",
        Parameters =
        {
            new KernelDirectiveParameter("--model", "models:/NAME@ALIAS or models:/NAME/VERSION") { AllowImplicitName = true, Required = true },
            new KernelDirectiveParameter("--port", "TCP port on 127.0.0.1 (default: a free one)") { TypeHint = "number" },
            new KernelDirectiveParameter("--name", "What to call the server in this kernel (default: the model name)"),
        },
    };
    private readonly KernelActionDirective _status = new("status") { Description = "The servers started from this kernel, with live request figures" };
    private readonly KernelActionDirective _metrics = new("metrics")
    {
        Description = "Live latency and throughput of a server: [NAME] [--watch SECONDS]",
        Parameters = { ServerName("Server name (default: the only one)"), new KernelDirectiveParameter("--watch", "Keep updating for this many seconds") { TypeHint = "number" } },
    };
    private readonly KernelActionDirective _stop = new("stop")
    {
        Description = "Stop a server: [NAME] [--all]",
        Parameters = { ServerName("Server name (default: the only one)"), new KernelDirectiveParameter("--all", "Stop every server started from this kernel") { Flag = true } },
    };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!deploy")
    {
        Description = "Serve registered models from the notebook: start, status, metrics, stop.",
        Subcommands = { _start, _status, _metrics, _stop },
    };

    public IReadOnlyList<string> HelpLines =>
        Directive.Subcommands.Select(s => $"#!deploy {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        TableFormatters.Register();
        DeployViews.Register();
        kernel.RegisterForDisposal(_deployments);
        kernel.AddDirective<DeployCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!deploy needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<DeployStartCommand>(_start, Handle<DeployStartCommand>(async (c, ctx) =>
        {
            var server = await _deployments.StartAsync(session, c.Model, c.Port, c.Name, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, DeployViews.Started(server));
            KernelInvocationContextExtensions.Display(ctx, DeployViews.Curl(server), "text/plain");
        }));
        kernel.AddDirective<DeployStatusCommand>(_status, Handle<DeployStatusCommand>(async (c, ctx) =>
        {
            var servers = _deployments.Servers;
            foreach (var s in servers.Where(s => !s.HasExited)) await s.ScrapeAsync(_deployments.Http, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, DeployViews.Status(servers));
        }));
        kernel.AddDirective<DeployMetricsCommand>(_metrics, Handle<DeployMetricsCommand>(async (c, ctx) =>
        {
            if (c.Watch is < 0) throw MlnbException.Invalid($"--watch {c.Watch} is negative; give the number of seconds to keep updating, e.g. `#!deploy metrics --watch 30`");
            var server = _deployments.Find(c.Name, "metrics");
            await server.ScrapeAsync(_deployments.Http, ctx.CancellationToken).ConfigureAwait(false);
            var shown = KernelInvocationContextExtensions.Display(ctx, DeployViews.Metrics(server), "text/html", "text/plain");
            for (var second = 0; second < (c.Watch ?? 0) && !ctx.CancellationToken.IsCancellationRequested; second++)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(1), ctx.CancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                await server.ScrapeAsync(_deployments.Http, ctx.CancellationToken).ConfigureAwait(false);
                shown.Update(DeployViews.Metrics(server));
            }
        }));
        kernel.AddDirective<DeployStopCommand>(_stop, Handle<DeployStopCommand>(async (c, ctx) =>
            Show(ctx, DeployViews.Stopped(await _deployments.StopAsync(c.Name, c.All).ConfigureAwait(false)))));
    }
}
