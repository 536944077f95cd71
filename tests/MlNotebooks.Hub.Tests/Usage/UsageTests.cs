using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;
using MlNotebooks.Tracking;
using MlNotebooks.Usage;

namespace MlNotebooks.Hub.Tests.Usage;

/// <summary>
/// Usage and cost (seed project 3): runs record their CPU seconds when they end; <c>mlnb usage</c> sums CPU, GPU, wall
/// time and stored bytes per user and per run from the store. (Here beside the hub tests: it is the hub's accounting,
/// and this project already builds the CLI it drives.)
/// </summary>
public sealed class UsageTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlnb-usage-" + Guid.NewGuid().ToString("N")[..8]);
    private string Uri => "sqlite:///" + Path.Combine(_dir, "mlnb.db");
    private Workspace _ws = null!;
    private string _mine = "";
    private string _bobs = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = Uri, ContentRoot = Path.Combine(_dir, "cache") });
        await using (var run = await _ws.Tracking.StartRunAsync("usage", "busy"))
        {
            _mine = run.RunId;
            var x = 0.0;
            for (var i = 0; i < 30_000_000; i++) x += Math.Sqrt(i); // CPU the run should account for
            run.LogParam("x", x);
            await run.LogArtifactBytesAsync("model.bin", new byte[3000]);
            await run.LogArtifactBytesAsync("notes/readme.txt", new byte[250]);
            await run.EndAsync();
        }
        var exp = await _ws.Tracking.GetExperimentAsync("usage");
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var bob = await _ws.TrackingStore.CreateRunAsync(exp.ExperimentId, "old-run", "bob", start, []);
        _bobs = bob.RunId;
        await _ws.TrackingStore.UpdateRunAsync(_bobs, RunStatus.Finished, start.AddSeconds(90), null);
    }

    [Fact]
    public async Task EndedRun_CarriesItsCpuSeconds_AndTheReportSumsPerUser()
    {
        var run = await _ws.Tracking.GetRunAsync(_mine);
        var cpu = double.Parse(run.Tag(UsageTags.CpuSeconds)!, CultureInfo.InvariantCulture);
        Assert.True(cpu > 0, $"cpu tag {cpu}");
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), run.Tag(UsageTags.Pid));

        var (runs, users) = await UsageReport.ComputeAsync(_ws.Tracking, null, null, TimeProvider.System, CancellationToken.None);
        var mine = runs.Single(r => r.RunId == _mine);
        Assert.Equal(cpu, mine.CpuSeconds);
        Assert.Equal(3250, mine.StoredBytes);
        Assert.Equal((run.Info.EndTime!.Value - run.Info.StartTime).TotalSeconds, mine.WallSeconds, 3);
        Assert.Equal(0, mine.GpuSeconds);
        var bob = runs.Single(r => r.RunId == _bobs);
        Assert.Equal((0.0, 90.0, 0L), (bob.CpuSeconds, bob.WallSeconds, bob.StoredBytes)); // a run without usage tags costs what the store knows
        Assert.Equal(["bob", Environment.UserName], users.Select(u => u.User));
        Assert.Equal(1, users[0].Runs);
    }

    [Fact]
    public async Task UsageCommand_FiltersByUserAndDate_AndRejectsABadDate()
    {
        var all = await Mlnb.RunAsync("usage", "--tracking-uri", Uri, "--json");
        Assert.True(all.ExitCode == 0, all.ToString());
        var json = JsonNode.Parse(all.Stdout)!;
        Assert.Equal(2, json["runs"]!.AsArray().Count);
        Assert.Equal(3250, json["users"]!.AsArray().Single(u => u!["user"]!.GetValue<string>() == Environment.UserName)!["stored_bytes"]!.GetValue<long>());

        var bob = JsonNode.Parse((await Mlnb.RunAsync("usage", "--tracking-uri", Uri, "--json", "--user", "bob")).Stdout)!;
        Assert.Equal([_bobs], bob["runs"]!.AsArray().Select(r => r!["run_id"]!.GetValue<string>()));
        Assert.Equal(90.0, bob["users"]![0]!["wall_seconds"]!.GetValue<double>());

        var recent = JsonNode.Parse((await Mlnb.RunAsync("usage", "--tracking-uri", Uri, "--json", "--since", DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O"))).Stdout)!;
        Assert.Equal([_mine], recent["runs"]!.AsArray().Select(r => r!["run_id"]!.GetValue<string>()));

        var table = await Mlnb.RunAsync("usage", "--tracking-uri", Uri, "--since", "2999-01-01");
        Assert.Equal("no runs since 2999-01-01 00:00Z", table.Stdout.Trim());

        var bad = await Mlnb.RunAsync("usage", "--tracking-uri", Uri, "--since", "yesterday-ish");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("error: --since 'yesterday-ish' is not a date; give e.g. 2026-12-01 or 2026-12-01T09:00Z", bad.Stderr.Trim());
    }

    public async Task DisposeAsync()
    {
        await _ws.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
