using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Formatting;
using MlNotebooks.Registry;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Registry;

/// <summary>
/// <c>#!registry</c>: the model registry from a cell, a thin layer over <see cref="RegistryClient"/>. Each handler
/// parses, calls the core, and displays a small table. No ONNX reader here: a package needs its <c>signature.json</c>.
/// </summary>
internal sealed class RegistryMagic(TrackingSession session) : IMagic
{
    private static KernelDirectiveParameter Name(bool implicitName = true) =>
        new("--name", "Registered model name") { AllowImplicitName = implicitName, Required = true };

    private static KernelDirectiveParameter Version() => new("--version", "Version number") { TypeHint = "number", Required = true };

    private static KernelDirectiveParameter Reason() => new("--reason", "Why, for the audit log");

    private readonly KernelActionDirective _register = new("register")
    {
        Description = "Register the active run's model: --name NAME [--artifact model] [--run ID]",
        Parameters =
        {
            Name(implicitName: false),
            new KernelDirectiveParameter("--artifact", "The run's model folder or model.onnx (default model)"),
            new KernelDirectiveParameter("--run", "Run id (default: the active #!track run)"),
        },
    };
    private readonly KernelActionDirective _list = new("list") { Description = "List registered models" };
    private readonly KernelActionDirective _show = new("show") { Description = "Show a model's versions: NAME", Parameters = { Name() } };
    private readonly KernelActionDirective _promote = new("promote")
    {
        Description = "Move an alias through its gates: NAME --version N --to ALIAS [--reason TEXT]",
        Parameters = { Name(), Version(), new KernelDirectiveParameter("--to", "Alias: staging, production, ...") { Required = true }, Reason() },
    };
    private readonly KernelActionDirective _approve = new("approve")
    {
        Description = "Approve a version: NAME --version N [--for ALIAS] [--reject] [--reason TEXT]",
        Parameters =
        {
            Name(), Version(),
            new KernelDirectiveParameter("--for", "The alias the verdict is for (default production)"),
            new KernelDirectiveParameter("--reject", "Reject instead of approve") { Flag = true },
            Reason(),
        },
    };
    private readonly KernelActionDirective _rollback = new("rollback")
    {
        Description = "Return an alias to its previous version: NAME --alias ALIAS [--reason TEXT]",
        Parameters = { Name(), new KernelDirectiveParameter("--alias", "Alias to roll back") { Required = true }, Reason() },
    };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!registry")
    {
        Description = "Model registry: register, list, show, promote, approve, rollback.",
        Subcommands = { _register, _list, _show, _promote, _approve, _rollback },
    };

    public IReadOnlyList<string> HelpLines =>
        Directive.Subcommands.Select(s => $"#!registry {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        TableFormatters.Register();
        kernel.AddDirective<RegistryCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!registry needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<RegistryRegisterCommand>(_register, Handle<RegistryRegisterCommand>(async (c, ctx) =>
        {
            var runId = c.Run ?? session.Current?.RunId
                ?? throw MlnbException.State("no run is active; start one with `#!track start --experiment NAME` and log the model, or pass `--run ID`");
            var name = Require(c.Name, "--name NAME", "#!registry register --name churn");
            var artifact = c.Artifact ?? "model";
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            await RequireSignatureAsync(runId, artifact, ctx.CancellationToken).ConfigureAwait(false);
            var v = await registry.RegisterAsync(runId, artifact, name, signatureReader: null, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, RegistryFormatters.Version($"registered {v.Name} version {v.Version}", v));
        }));
        kernel.AddDirective<RegistryListCommand>(_list, Handle<RegistryListCommand>(async (c, ctx) =>
        {
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            var page = await registry.ListModelsAsync(cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, RegistryFormatters.Models(page.Items));
        }));
        kernel.AddDirective<RegistryShowCommand>(_show, Handle<RegistryShowCommand>(async (c, ctx) =>
        {
            var name = Require(c.Name, "a model name", "#!registry show churn");
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            var model = await registry.GetModelAsync(name, ctx.CancellationToken).ConfigureAwait(false);
            var versions = await registry.ListVersionsAsync(name, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, RegistryFormatters.Versions(model, versions));
        }));
        kernel.AddDirective<RegistryPromoteCommand>(_promote, Handle<RegistryPromoteCommand>(async (c, ctx) =>
        {
            const string example = "#!registry promote churn --version 2 --to staging";
            var name = Require(c.Name, "a model name", example);
            var version = c.Version ?? throw MlnbException.Invalid($"promote needs --version N; write e.g. `{example}`");
            var alias = Require(c.To, "--to ALIAS", example);
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            await registry.GetVersionAsync(name, version, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, RegistryFormatters.Promotion(await registry.PromoteAsync(name, version, alias, c.Reason ?? "", ctx.CancellationToken).ConfigureAwait(false)));
        }));
        kernel.AddDirective<RegistryApproveCommand>(_approve, Handle<RegistryApproveCommand>(async (c, ctx) =>
        {
            const string example = "#!registry approve churn --version 2 --for production";
            var name = Require(c.Name, "a model name", example);
            var version = c.Version ?? throw MlnbException.Invalid($"approve needs --version N; write e.g. `{example}`");
            var alias = c.For ?? "production";
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            await registry.ApproveAsync(name, version, alias, c.Reason ?? "", !c.Reject, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView($"{(c.Reject ? "rejected" : "approved")} {name} version {version} for @{alias}",
                ["model", "version", "alias", "verdict", "by"], [[name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), alias, c.Reject ? "rejected" : "approved", registry.Options.User]]));
        }));
        kernel.AddDirective<RegistryRollbackCommand>(_rollback, Handle<RegistryRollbackCommand>(async (c, ctx) =>
        {
            const string example = "#!registry rollback churn --alias production";
            var name = Require(c.Name, "a model name", example);
            var alias = Require(c.Alias, "--alias ALIAS", example);
            var registry = await RegistryAsync(ctx).ConfigureAwait(false);
            var version = await registry.RollbackAsync(name, alias, c.Reason ?? "", ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView($"{name}@{alias} → version {version}", ["model", "alias", "version"],
                [[name, alias, version.ToString(System.Globalization.CultureInfo.InvariantCulture)]]));
        }));
    }

    private async Task<RegistryClient> RegistryAsync(KernelInvocationContext ctx) =>
        (await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false)).Registry;

    /// <summary>
    /// The kernel extension reads no ONNX files, so a package without <c>signature.json</c> cannot be registered
    /// here; say so with the fix before the core's more general message.
    /// </summary>
    private async Task RequireSignatureAsync(string runId, string artifact, CancellationToken ct)
    {
        var ws = await session.WorkspaceAsync(ct).ConfigureAwait(false);
        var path = artifact.Replace('\\', '/').Trim('/'); // the core checks the path itself
        var folder = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? (path.LastIndexOf('/') is var i and > 0 ? path[..i] : "") : path;
        string Join(string file) => folder.Length == 0 ? file : folder + "/" + file;
        var all = await ws.Tracking.ListArtifactsAsync(runId, null, ct).ConfigureAwait(false);
        if (all.Any(e => e.Path == Join(ModelPackage.ModelFile)) && !all.Any(e => e.Path == Join(ModelPackage.SignatureFile)))
            throw MlnbException.Invalid($"run {runId} has no '{Join(ModelPackage.SignatureFile)}'; the notebook does not read ONNX signatures: " +
                $"log one with `#!track artifact signature.json --to {(folder.Length == 0 ? "." : folder)}`, or register with `mlnb models register`");
    }

    private static string Require(string? value, string what, string example) =>
        string.IsNullOrWhiteSpace(value) ? throw MlnbException.Invalid($"needs {what}; write e.g. `{example}`") : value;

}
