using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Features;

/// <summary>
/// <c>#!features apply|materialize|materialize-incremental|get-online|get-historical|profile|drift</c>: the feature store from a cell.
/// A thin layer: the line's words go to <c>mlnb features …</c> in a child process (DuckDB stays out of the kernel), its
/// output is shown, its one-line error fails the cell. <c>get-historical</c> inside a <c>#!track</c> run records the
/// feature views and their data versions as the run's inputs.
/// </summary>
internal sealed class FeaturesMagic(TrackingSession session) : IMagic
{
    private static KernelDirectiveParameter Repo() => new("--repo", "features.yaml, or its folder (default ./features.yaml)");
    private static KernelDirectiveParameter Refs() => new("--features", "Comma-separated VIEW:FEATURE, VIEW or a feature service");
    private static KernelDirectiveParameter Full() => new("--full-feature-names", "Name features VIEW__FEATURE") { Flag = true };

    private readonly KernelActionDirective _apply = new("apply") { Description = "Check features.yaml against its sources and register it", Parameters = { Repo() } };

    private readonly KernelActionDirective _materialize = new("materialize")
    {
        Description = "Load the latest values with event times in [START, END] into the online store: START END [--views A,B]",
        Parameters = { new KernelDirectiveParameter("--window", "START END (ISO 8601, UTC)") { AllowImplicitName = true }, new KernelDirectiveParameter("--views", "Comma-separated views"), Repo() },
    };

    private readonly KernelActionDirective _incremental = new("materialize-incremental")
    {
        Description = "Materialize each view from where its last window ended up to END",
        Parameters = { new KernelDirectiveParameter("--end", "END (ISO 8601, UTC)") { AllowImplicitName = true }, Repo() },
    };

    private readonly KernelActionDirective _online = new("get-online")
    {
        Description = "Online values (Feast feature server JSON): --features REFS --entity KEY=V1,V2",
        Parameters = { Refs(), new KernelDirectiveParameter("--entity", "KEY=V1,V2 (repeatable)") { MaxOccurrences = 20 }, Full(), Repo() },
    };

    private readonly KernelActionDirective _historical = new("get-historical")
    {
        Description = "A point-in-time correct training set: --entities FILE --features REFS --output FILE",
        Parameters = { new KernelDirectiveParameter("--entities", "Parquet or CSV with join keys and event_timestamp"), Refs(), new KernelDirectiveParameter("--output", "The training set (.csv or .parquet)"), Full(), Repo() },
    };

    private readonly KernelActionDirective _profile = new("profile")
    {
        Description = "Profile a view's source at its data version (once per version): VIEW [--list]",
        Parameters = { new KernelDirectiveParameter("--view", "The feature view") { AllowImplicitName = true }, new KernelDirectiveParameter("--list", "List the profiled versions") { Flag = true }, Repo() },
    };

    private readonly KernelActionDirective _drift = new("drift")
    {
        Description = "Feature drift of a view: VIEW --from VERSION|START..END [--to VERSION|START..END]",
        Parameters =
        {
            new KernelDirectiveParameter("--view", "The feature view") { AllowImplicitName = true },
            new KernelDirectiveParameter("--from", "A profiled data version (prefix), latest, or START..END"),
            new KernelDirectiveParameter("--to", "As --from (default latest)"),
            new KernelDirectiveParameter("--stattest", "A test, or FEATURE=TEST") { MaxOccurrences = 20 },
            new KernelDirectiveParameter("--threshold", "A threshold, or FEATURE=VALUE") { MaxOccurrences = 20 },
            new KernelDirectiveParameter("--drift-share", "Share of drifted features for view drift"),
            new KernelDirectiveParameter("--json", "Print JSON") { Flag = true },
            Repo(),
        },
    };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!features")
    {
        Description = "Feature store: Feast-compatible definitions, point-in-time training sets, online serving.",
        Subcommands = { _apply, _materialize, _incremental, _online, _historical, _profile, _drift },
    };

    public IReadOnlyList<string> HelpLines => Directive.Subcommands.Select(s => $"#!features {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        kernel.AddDirective<FeaturesCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!features needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<FeaturesApplyCommand>(_apply, Handle<FeaturesApplyCommand>(RunAsync));
        kernel.AddDirective<FeaturesMaterializeCommand>(_materialize, Handle<FeaturesMaterializeCommand>(RunAsync));
        kernel.AddDirective<FeaturesMaterializeIncrementalCommand>(_incremental, Handle<FeaturesMaterializeIncrementalCommand>(RunAsync));
        kernel.AddDirective<FeaturesGetOnlineCommand>(_online, Handle<FeaturesGetOnlineCommand>(RunAsync));
        kernel.AddDirective<FeaturesGetHistoricalCommand>(_historical, Handle<FeaturesGetHistoricalCommand>(RunAsync));
        kernel.AddDirective<FeaturesProfileCommand>(_profile, Handle<FeaturesProfileCommand>(RunAsync));
        kernel.AddDirective<FeaturesDriftCommand>(_drift, Handle<FeaturesDriftCommand>(RunAsync));
    }

    private async Task RunAsync(KernelDirectiveCommand c, KernelInvocationContext ctx)
    {
        var tokens = DirectiveText.Of(c) ?? throw MlnbException.State("#!features could not read its line; run `mlnb features` in a terminal instead");
        List<string> args = ["features", .. tokens.Skip(1)];
        if (tokens.Count > 1 && tokens[1] == "get-historical" && !tokens.Contains("--run") && session.Current is { } run) args.AddRange(["--run", run.RunId]);
        var psi = Processes.MlnbCli.StartInfo(args, session.StartDirectory ?? Environment.CurrentDirectory);
        if (session.TrackingUri is not null) psi.Environment[Workspace.TrackingUriVariable] = session.TrackingUri;
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi) ?? throw MlnbException.State("could not start mlnb");
        var stdout = process.StandardOutput.ReadToEndAsync(ctx.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(ctx.CancellationToken);
        await process.WaitForExitAsync(ctx.CancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0) throw Processes.MlnbCli.ChildFailed("mlnb features " + tokens.ElementAtOrDefault(1), process.ExitCode, (await stderr.ConfigureAwait(false)).ReplaceLineEndings("\n").Split('\n'));
        var text = (await stdout.ConfigureAwait(false)).TrimEnd();
        ctx.Display(new FeaturesView(text), "text/html", "text/plain");
    }
}

/// <summary>The output of a <c>#!features</c> line: preformatted in HTML, as is in plain text.</summary>
/// <param name="Text">What <c>mlnb features</c> printed.</param>
internal sealed record FeaturesView(string Text)
{
    static FeaturesView()
    {
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<FeaturesView>((v, w) => w.Write("<pre>" + System.Net.WebUtility.HtmlEncode(v.Text) + "</pre>"), "text/html");
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<FeaturesView>((v, w) => w.Write(v.Text), "text/plain");
    }
}
