using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Data;
using MlNotebooks.Data.Remotes;
using MlNotebooks.Interactive.Formatting;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Data;

/// <summary>
/// <c>#!data</c>: data versioning from a cell, over <c>workspace.Data</c>. Each handler parses, calls the core, and
/// displays a small table; <c>use</c> records a tracked version as an input of the active <c>#!track</c> run.
/// </summary>
internal sealed class DataMagic(TrackingSession session) : IMagic
{
    private static KernelDirectiveParameter Paths(string help) => new("--paths", help) { AllowImplicitName = true };

    private static KernelDirectiveParameter Remote() => new("--remote", "Remote name (default: the configured default remote)");

    private static KernelDirectiveParameter TrackedPath() => new("--path", "A tracked file or folder (default: all)") { AllowImplicitName = true };

    private readonly KernelActionDirective _add = new("add") { Description = "Track files or folders: PATH …", Parameters = { Paths("Files or folders") } };
    private readonly KernelActionDirective _status = new("status") { Description = "Compare tracked data with the workspace and the cache" };
    private readonly KernelActionDirective _checkout = new("checkout")
    {
        Description = "Restore the recorded versions: [PATH] [--force]",
        Parameters =
        {
            TrackedPath(),
            new KernelDirectiveParameter("--force", "Overwrite modified files") { Flag = true },
        },
    };
    private readonly KernelActionDirective _ls = new("ls") { Description = "List tracked data" };
    private readonly KernelActionDirective _diff = new("diff")
    {
        Description = "Changed data between revisions [--a REV] [--b REV]",
        Parameters = { new KernelDirectiveParameter("--a", "Older git revision (default HEAD)"), new KernelDirectiveParameter("--b", "Newer git revision (default: the workspace)") },
    };
    private readonly KernelActionDirective _push = new("push") { Description = "Send cached data to a remote: [PATH] [--remote NAME]", Parameters = { TrackedPath(), Remote() } };
    private readonly KernelActionDirective _pull = new("pull") { Description = "Fetch and check out data from a remote: [PATH] [--remote NAME]", Parameters = { TrackedPath(), Remote() } };
    private readonly KernelActionDirective _fetch = new("fetch") { Description = "Download cached data from a remote without checking it out: [PATH] [--remote NAME]", Parameters = { TrackedPath(), Remote() } };
    private readonly KernelActionDirective _gc = new("gc")
    {
        Description = "Remove cache objects nothing refers to: [--workspace] [--dry-run]",
        Parameters =
        {
            new KernelDirectiveParameter("--workspace", "Keep only what the workspace's pointer files use (not every git commit's)") { Flag = true },
            new KernelDirectiveParameter("--dry-run", "List what would be removed") { Flag = true },
        },
    };
    private readonly KernelActionDirective _remote = new("remote")
    {
        Description = "List remotes, or add one: [NAME URL] [--default] [--force]",
        Parameters =
        {
            new KernelDirectiveParameter("--name", "Remote name") { AllowImplicitName = true },
            new KernelDirectiveParameter("--default", "Make it the default remote") { Flag = true },
            new KernelDirectiveParameter("--force", "Replace a remote of the same name") { Flag = true },
        },
    };
    private readonly KernelActionDirective _use = new("use") { Description = "Record tracked data as an input of the active run: PATH …", Parameters = { Paths("Tracked files or folders") } };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!data")
    {
        Description = "Version data: add, status, checkout, ls, diff, push, pull, fetch, gc, remote, use.",
        Subcommands = { _add, _status, _checkout, _ls, _diff, _push, _pull, _fetch, _gc, _remote, _use },
    };

    public IReadOnlyList<string> HelpLines =>
        Directive.Subcommands.Select(s => $"#!data {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        TableFormatters.Register();
        DataProgressView.Register();
        kernel.AddDirective<DataCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!data needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<DataAddCommand>(_add, Handle<DataAddCommand>(async (c, ctx) =>
        {
            var paths = Positionals(c, c.Paths);
            if (paths.Count == 0) throw MlnbException.Invalid("#!data add needs files or folders; write e.g. `#!data add data/train.csv`");
            var data = await DataAsync(ctx);
            var added = await DataProgressDisplay.RunAsync(ctx, "add", p => data.AddAsync(paths, p, ctx.CancellationToken)).ConfigureAwait(false);
            Show(ctx, new TableView($"tracked {added.Count} output(s)", ["path", "md5", "size", "pointer file"],
                added.Select(t => Row(t.WorkspacePath, t.Output.Md5, Size(t.Output), t.PointerFile)).ToList()));
        }));
        kernel.AddDirective<DataStatusCommand>(_status, Handle<DataStatusCommand>(async (c, ctx) =>
        {
            var entries = await (await DataAsync(ctx)).StatusAsync(cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView($"{entries.Count} tracked output(s)", ["path", "state", "pointer file"],
                entries.Select(e => Row(e.Data.WorkspacePath, e.State.ToString(), e.Data.PointerFile)).ToList()));
        }));
        kernel.AddDirective<DataCheckoutCommand>(_checkout, Handle<DataCheckoutCommand>(async (c, ctx) =>
        {
            var data = await DataAsync(ctx);
            var r = await DataProgressDisplay.RunAsync(ctx, "checkout", p => data.CheckoutAsync(c.Path, c.Force, p, ctx.CancellationToken)).ConfigureAwait(false);
            Show(ctx, Checkout("checked out " + (c.Path ?? "all tracked data"), r));
        }));
        kernel.AddDirective<DataLsCommand>(_ls, Handle<DataLsCommand>(async (c, ctx) =>
        {
            var list = (await DataAsync(ctx)).List();
            Show(ctx, new TableView($"{list.Count} tracked output(s)", ["path", "md5", "size", "in cache", "pointer file"],
                list.Select(x => Row(x.Data.WorkspacePath, x.Data.Output.Md5, Size(x.Data.Output), x.InCache ? "yes" : "no", x.Data.PointerFile)).ToList()));
        }));
        kernel.AddDirective<DataDiffCommand>(_diff, Handle<DataDiffCommand>(async (c, ctx) =>
        {
            var diff = await (await DataAsync(ctx)).DiffAsync(c.A, c.B, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView($"{diff.Count} change(s) from {c.A ?? "HEAD"} to {c.B ?? "the workspace"}", ["path", "change", "old md5", "new md5"],
                diff.Select(d => Row(d.Path, d.Change.ToString(), d.OldMd5 ?? "", d.NewMd5 ?? "")).ToList()));
        }));
        kernel.AddDirective<DataPushCommand>(_push, Handle<DataPushCommand>(async (c, ctx) =>
        {
            var data = await DataAsync(ctx);
            var r = await DataProgressDisplay.RunAsync(ctx, "push", p => data.PushAsync(c.Path, c.Remote, p, ctx.CancellationToken)).ConfigureAwait(false);
            Show(ctx, Transfer($"pushed to {c.Remote ?? "the default remote"}", r, null));
        }));
        kernel.AddDirective<DataPullCommand>(_pull, Handle<DataPullCommand>(async (c, ctx) =>
        {
            var data = await DataAsync(ctx);
            var (fetched, checkout) = await DataProgressDisplay.RunAsync(ctx, "pull", p => data.PullAsync(c.Path, c.Remote, progress: p, cancellationToken: ctx.CancellationToken)).ConfigureAwait(false);
            Show(ctx, Transfer($"pulled from {c.Remote ?? "the default remote"}", fetched, checkout));
        }));
        kernel.AddDirective<DataFetchCommand>(_fetch, Handle<DataFetchCommand>(async (c, ctx) =>
        {
            var data = await DataAsync(ctx);
            var r = await DataProgressDisplay.RunAsync(ctx, "fetch", p => data.FetchAsync(c.Path, c.Remote, p, ctx.CancellationToken)).ConfigureAwait(false);
            Show(ctx, Transfer($"fetched from {c.Remote ?? "the default remote"}", r, null));
        }));
        kernel.AddDirective<DataGcCommand>(_gc, Handle<DataGcCommand>(async (c, ctx) =>
        {
            var r = await (await DataAsync(ctx)).GcAsync(c.Workspace, c.DryRun, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView((c.DryRun ? "would remove " : "removed ") + $"{r.Removed.Count} object(s), {r.RemovedBytes.ToString(CultureInfo.InvariantCulture)} B; kept {N(r.Kept)}; {r.Temp.Files} stale temp file(s), {r.Temp.Bytes.ToString(CultureInfo.InvariantCulture)} B",
                ["object"], r.Removed.Select(o => Row(o)).ToList()));
        }));
        kernel.AddDirective<DataRemoteCommand>(_remote, Handle<DataRemoteCommand>(async (c, ctx) =>
        {
            var data = await DataAsync(ctx);
            var args = Positionals(c, c.Name);
            if (args.Count is not (0 or 2))
                throw MlnbException.Invalid("#!data remote takes no arguments (list) or NAME URL (add); write e.g. `#!data remote storage /mnt/shared/mlnb-cache --default`");
            if (args.Count == 2) data.AddRemote(args[0], args[1], c.Default, c.Force);
            var remotes = data.GetRemotes();
            Show(ctx, new TableView(args.Count == 2 ? $"added remote '{args[0]}'" : $"{remotes.Count} remote(s)", ["name", "url", "default"],
                remotes.Select(r => Row(r.Name, r.Url, r.IsDefault ? "yes" : "")).ToList()));
        }));
        kernel.AddDirective<DataUseCommand>(_use, Handle<DataUseCommand>(async (c, ctx) =>
        {
            var run = session.RequireCurrent();
            var paths = Positionals(c, c.Paths);
            if (paths.Count == 0) throw MlnbException.Invalid("#!data use needs tracked files or folders; write e.g. `#!data use data/train.csv`");
            var inputs = await (await DataAsync(ctx)).LogInputsAsync(run.RunId, paths, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new TableView($"recorded {inputs.Count} input(s) of run {run.RunId[..8]}", ["path", "md5", "pointer file"],
                inputs.Select(i => Row(i.Name, i.Digest, i.Source)).ToList()));
        }));
    }

    private async Task<DataClient> DataAsync(KernelInvocationContext ctx) =>
        (await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false)).Data;

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string Size(DataOutput o) =>
        o.Size.ToString(CultureInfo.InvariantCulture) + " B" + (o.NFiles is { } n ? $" ({n} files)" : "");

    private static TableView Checkout(string caption, CheckoutResult r) =>
        new(caption, ["written", "unchanged", "removed", "kept untracked"],
            [Row(N(r.Written), N(r.Unchanged), N(r.Removed), string.Join(", ", r.KeptUntracked))]);

    private static TableView Transfer(string caption, TransferResult r, CheckoutResult? checkout) =>
        new(caption, ["transferred", "already there", "bytes", "missing locally", "checked out"],
            [Row(N(r.Transferred), N(r.AlreadyThere), r.Bytes.ToString(CultureInfo.InvariantCulture), N(r.MissingLocally), checkout is null ? "" : N(checkout.Written))]);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Positionals(KernelDirectiveCommand c, string? bound) =>
        DirectiveText.Of(c) is { } tokens ? DirectiveText.Positionals(tokens, new HashSet<string>()) : bound is null ? [] : [bound];
}
