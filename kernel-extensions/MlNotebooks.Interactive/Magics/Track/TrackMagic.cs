using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Charts;
using MlNotebooks.Interactive.Formatting;
using MlNotebooks.Tracking;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Track;

/// <summary><c>#!track</c>: experiment tracking from a cell. Each handler parses, calls the core, and displays.</summary>
internal sealed class TrackMagic(TrackingSession session) : IMagic
{
    private static KernelDirectiveParameter Values(string help) => new("--values", help) { AllowImplicitName = true };

    private readonly KernelActionDirective _start = new("start")
    {
        Description = "Start a run (experiment created when missing).",
        Parameters =
        {
            new KernelDirectiveParameter("--experiment", "Experiment name") { Required = true },
            new KernelDirectiveParameter("--name", "Run name (default: a generated one)"),
            new KernelDirectiveParameter("--nested", "Start a child of the active run") { Flag = true },
        },
    };
    private readonly KernelActionDirective _param = new("param") { Description = "Log params: k=v …", Parameters = { Values("k=v pairs") } };
    private readonly KernelActionDirective _metric = new("metric")
    {
        Description = "Log metrics: k=v … [--step N]",
        Parameters = { Values("k=v pairs"), new KernelDirectiveParameter("--step", "Step (default 0)") { TypeHint = "number" } },
    };
    private readonly KernelActionDirective _tag = new("tag") { Description = "Set tags: k=v …", Parameters = { Values("k=v pairs") } };
    private readonly KernelActionDirective _artifact = new("artifact")
    {
        Description = "Log a file or folder: PATH [--to DIR]",
        Parameters = { new KernelDirectiveParameter("--path", "File or folder") { AllowImplicitName = true, Required = true }, new KernelDirectiveParameter("--to", "Artifact folder") },
    };
    private readonly KernelActionDirective _end = new("end")
    {
        Description = "End the active run [--status FINISHED|FAILED|KILLED]",
        Parameters = { new KernelDirectiveParameter("--status", "Final status (default FINISHED)").AddCompletions(() => ["FINISHED", "FAILED", "KILLED"]) },
    };
    private readonly KernelActionDirective _runs = new("runs")
    {
        Description = "List runs [--experiment X] [--filter \"metrics.acc > 0.9\"] [--max N]",
        Parameters =
        {
            new KernelDirectiveParameter("--experiment", "Experiment name"),
            new KernelDirectiveParameter("--filter", "MLflow search filter"),
            new KernelDirectiveParameter("--max", "Most runs to show (default 20)") { TypeHint = "number" },
        },
    };
    private readonly KernelActionDirective _compare = new("compare") { Description = "Compare runs: ID ID …", Parameters = { new KernelDirectiveParameter("--ids", "Run ids") { AllowImplicitName = true } } };

    private readonly KernelActionDirective _chart = new("chart")
    {
        Description = "Chart metric histories: [METRIC …] [--run RUN_ID …] (the active run by default; several runs overlay)",
        Parameters =
        {
            new KernelDirectiveParameter("--metrics", "Metric keys (default: all)") { AllowImplicitName = true },
            new KernelDirectiveParameter("--run", "A run id (repeat to overlay runs)") { MaxOccurrences = 16 },
        },
    };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!track")
    {
        Description = "Track experiments: start, param, metric, tag, artifact, end, runs, compare, chart.",
        Subcommands = { _start, _param, _metric, _tag, _artifact, _end, _runs, _compare, _chart },
    };

    public IReadOnlyList<string> HelpLines =>
        Directive.Subcommands.Select(s => $"#!track {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        ChartView.Register();
        kernel.AddDirective<TrackCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!track needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<TrackStartCommand>(_start, Handle<TrackStartCommand>(async (c, ctx) =>
        {
            var run = await session.StartAsync(c.Experiment, c.Name, c.Nested, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, await Workspace(ctx).Tracking.GetRunAsync(run.RunId, ctx.CancellationToken).ConfigureAwait(false));
        }));
        kernel.AddDirective<TrackParamCommand>(_param, Handle<TrackParamCommand>((c, ctx) =>
        {
            var run = session.RequireCurrent();
            var pairs = Pairs(c, c.Values, [], "param", "lr=0.01");
            foreach (var (k, v) in pairs) run.LogParam(k, v);
            ctx.DisplayAs($"logged {pairs.Count} param(s) to run {run.RunId[..8]}", "text/plain");
            return Task.CompletedTask;
        }));
        kernel.AddDirective<TrackTagCommand>(_tag, Handle<TrackTagCommand>((c, ctx) =>
        {
            var run = session.RequireCurrent();
            var pairs = Pairs(c, c.Values, [], "tag", "stage=baseline");
            foreach (var (k, v) in pairs) run.SetTag(k, v);
            ctx.DisplayAs($"set {pairs.Count} tag(s) on run {run.RunId[..8]}", "text/plain");
            return Task.CompletedTask;
        }));
        kernel.AddDirective<TrackMetricCommand>(_metric, Handle<TrackMetricCommand>((c, ctx) =>
        {
            var run = session.RequireCurrent();
            var pairs = Pairs(c, c.Values, ["--step"], "metric", "acc=0.93");
            foreach (var (k, v) in pairs)
            {
                if (!double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
                    throw MlnbException.Invalid($"metric '{k}={v}' is not a number; write e.g. `#!track metric acc=0.93 --step 1`");
                run.LogMetric(k, value, c.Step ?? 0);
            }
            ctx.DisplayAs($"logged {pairs.Count} metric(s) at step {c.Step ?? 0} to run {run.RunId[..8]}", "text/plain");
            return Task.CompletedTask;
        }));
        kernel.AddDirective<TrackArtifactCommand>(_artifact, Handle<TrackArtifactCommand>(async (c, ctx) =>
        {
            var run = session.RequireCurrent();
            var entries = await run.LogArtifactAsync(c.Path!, c.To, ctx.CancellationToken).ConfigureAwait(false);
            ctx.DisplayAs($"logged {entries.Count} artifact file(s) to run {run.RunId[..8]}: {string.Join(", ", entries.Select(e => e.Path))}", "text/plain");
        }));
        kernel.AddDirective<TrackEndCommand>(_end, Handle<TrackEndCommand>(async (c, ctx) =>
        {
            var status = c.Status is null ? RunStatus.Finished : RunStatusNames.Parse(c.Status);
            var info = await session.EndAsync(status, ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, await Workspace(ctx).Tracking.GetRunAsync(info.RunId, ctx.CancellationToken).ConfigureAwait(false));
        }));
        kernel.AddDirective<TrackRunsCommand>(_runs, Handle<TrackRunsCommand>(async (c, ctx) =>
        {
            var ws = await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false);
            var page = await ws.Tracking.SearchRunsAsync(c.Experiment is null ? null : [c.Experiment], c.Filter, ["attributes.start_time DESC"], c.Max ?? 20, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, new RunList(page.Items));
        }));
        kernel.AddDirective<TrackCompareCommand>(_compare, Handle<TrackCompareCommand>(async (c, ctx) =>
        {
            var ids = Positionals(c, c.Ids, []);
            if (ids.Count < 2) throw MlnbException.Invalid("compare needs at least two run ids; write e.g. `#!track compare 3f2a… 9b1c…`");
            var ws = await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false);
            var runs = new List<Run>();
            foreach (var id in ids) runs.Add(await ws.Tracking.GetRunAsync(id, ctx.CancellationToken).ConfigureAwait(false));
            Show(ctx, RunComparison.Create(runs));
            var shared = runs.Select(r => r.Metrics.Select(m => m.Key)).Aggregate((a, b) => a.Intersect(b)).Order(StringComparer.Ordinal).ToList();
            if (shared.Count > 0) Show(ctx, await MetricHistoryChart.CreateAsync(ws, ids, shared, null, ctx.CancellationToken).ConfigureAwait(false));
        }));
        kernel.AddDirective<TrackChartCommand>(_chart, Handle<TrackChartCommand>(async (c, ctx) =>
        {
            var tokens = DirectiveText.Of(c);
            var metrics = Positionals(c, c.Metrics, ["--run"]);
            var runIds = tokens is null ? Strings(c.Run) : tokens.Select((t, i) => (t, i)).Where(x => x.t == "--run" && x.i + 1 < tokens.Count).Select(x => tokens[x.i + 1]).ToArray();
            if (runIds.Length == 0)
            {
                var active = session.Current ?? throw MlnbException.Invalid("#!track chart needs a run: start one with `#!track start --experiment X`, or name runs with `--run RUN_ID`");
                await active.FlushAsync(ctx.CancellationToken).ConfigureAwait(false);
                runIds = [active.RunId];
            }
            var ws = await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false);
            Show(ctx, await MetricHistoryChart.CreateAsync(ws, runIds, metrics, null, ctx.CancellationToken).ConfigureAwait(false));
        }));
    }

    private Workspace Workspace(KernelInvocationContext ctx) => session.WorkspaceAsync(ctx.CancellationToken).GetAwaiter().GetResult();

    private static string[] Strings(System.Text.Json.JsonElement? e) => e switch
    {
        { ValueKind: System.Text.Json.JsonValueKind.Array } a => [.. a.EnumerateArray().Select(x => x.ToString())],
        { ValueKind: System.Text.Json.JsonValueKind.String } s => [s.GetString()!],
        _ => [],
    };

    private static IReadOnlyList<string> Positionals(KernelDirectiveCommand c, string? bound, string[] valuedOptions) =>
        DirectiveText.Of(c) is { } tokens ? DirectiveText.Positionals(tokens, new HashSet<string>(valuedOptions)) : bound is null ? [] : [bound];

    private static List<(string Key, string Value)> Pairs(KernelDirectiveCommand c, string? bound, string[] valuedOptions, string sub, string example)
    {
        var words = Positionals(c, bound, valuedOptions);
        if (words.Count == 0) throw MlnbException.Invalid($"#!track {sub} needs k=v pairs; write e.g. `#!track {sub} {example}`");
        return words.Select(w =>
        {
            var i = w.IndexOf('=');
            if (i <= 0) throw MlnbException.Invalid($"'{w}' is not k=v; write e.g. `#!track {sub} {example}`");
            return (w[..i], w[(i + 1)..]);
        }).ToList();
    }
}
