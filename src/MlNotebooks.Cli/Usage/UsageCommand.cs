using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using MlNotebooks.Usage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Usage;

/// <summary><c>mlnb usage [--user U] [--since DATE] [--runs] [--json]</c>: CPU, GPU, wall time and stored bytes per user (and per run).</summary>
internal sealed class UsageCommand : WorkspaceCommand<UsageCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandOption("--user <NAME>")]
        [Description("Only this user's runs")]
        public string? User { get; init; }

        [CommandOption("--since <DATE>")]
        [Description("Only runs started at or after DATE (e.g. 2026-12-01 or 2026-12-01T09:00Z; UTC unless an offset is given)")]
        public string? Since { get; init; }

        [CommandOption("--runs")]
        [Description("Also list each run")]
        public bool Runs { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        DateTimeOffset? since = null;
        if (s.Since is { } text)
            since = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d
                : throw MlnbException.Invalid($"--since '{text}' is not a date; give e.g. 2026-12-01 or 2026-12-01T09:00Z");
        var (runs, users) = await UsageReport.ComputeAsync(ws.Tracking, s.User, since, TimeProvider.System, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["users"] = new JsonArray([.. users.Select(u => (JsonNode)new JsonObject
                {
                    ["user"] = u.User, ["runs"] = u.Runs, ["cpu_seconds"] = Math.Round(u.CpuSeconds, 3), ["gpu_seconds"] = Math.Round(u.GpuSeconds, 3),
                    ["wall_seconds"] = Math.Round(u.WallSeconds, 3), ["stored_bytes"] = u.StoredBytes,
                })]),
                ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
                {
                    ["run_id"] = r.RunId, ["experiment_id"] = r.ExperimentId, ["run_name"] = r.RunName, ["user"] = r.User, ["status"] = r.Status.ToName(),
                    ["start_time"] = r.StartTime.ToUnixTimeMilliseconds(), ["cpu_seconds"] = Math.Round(r.CpuSeconds, 3), ["gpu_seconds"] = Math.Round(r.GpuSeconds, 3),
                    ["wall_seconds"] = Math.Round(r.WallSeconds, 3), ["stored_bytes"] = r.StoredBytes,
                })]),
            });
            return 0;
        }
        if (users.Count == 0)
        {
            Console.WriteLine($"no runs{(s.User is null ? "" : $" by {s.User}")}{(since is null ? "" : $" since {since:yyyy-MM-dd HH:mm}Z")}");
            return 0;
        }
        var t = Render.Table("user", "runs", "CPU s", "GPU s", "wall s", "stored");
        foreach (var u in users) t.AddRow(Render.Esc(u.User), u.Runs.ToString(CultureInfo.InvariantCulture), Sec(u.CpuSeconds), Sec(u.GpuSeconds), Sec(u.WallSeconds), Bytes(u.StoredBytes));
        Render.Write(t);
        if (s.Runs)
        {
            var rt = Render.Table("run", "user", "name", "status", "CPU s", "GPU s", "wall s", "stored");
            foreach (var r in runs) rt.AddRow(r.RunId, Render.Esc(r.User), Render.Esc(r.RunName), r.Status.ToName(), Sec(r.CpuSeconds), Sec(r.GpuSeconds), Sec(r.WallSeconds), Bytes(r.StoredBytes));
            Render.Write(rt);
        }
        Console.WriteLine("GPU seconds come from runs that trained on a GPU; this machine has none, so they are 0.");
        return 0;
    }

    private static string Sec(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Bytes(long b) => b switch
    {
        < 1024 => $"{b} B",
        < 1024 * 1024 => (b / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (b / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
