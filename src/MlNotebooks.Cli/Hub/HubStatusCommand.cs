using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Hub;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Hub;

/// <summary><c>mlnb hub status</c>: running or stopped, where, and each user's server.</summary>
internal sealed class HubStatusCommand : AsyncCommand<HubStatusCommand.Settings>
{
    public sealed class Settings : HubStateSettings
    {
        [CommandOption("--json")]
        [Description("Print JSON")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var st = await HubLauncher.StatusAsync(s.State, cancellationToken).ConfigureAwait(false);
        var url = $"http://127.0.0.1:{st.Settings.Port}/";
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["running"] = st.Pid is not null, ["pid"] = st.Pid, ["url"] = url, ["version"] = st.Version, ["state"] = st.Paths.Root,
                ["tracking_uri"] = st.Settings.Tracking.UserUri, ["store"] = st.Store,
                ["users"] = new JsonArray([.. (st.Pid is null ? st.Settings.Users.Select(u => new HubUser(u, false, "stopped", null)) : st.Users)
                    .Select(u => (JsonNode)new JsonObject { ["name"] = u.Name, ["admin"] = u.IsAdmin, ["server"] = u.Server, ["last_activity"] = u.LastActivity?.ToString("O") })]),
            });
            return 0;
        }
        Console.WriteLine(st.Pid is { } pid ? $"hub running at {url} (pid {pid}, JupyterHub {st.Version}, state {st.Paths.Root})" : $"hub stopped (state {st.Paths.Root}); start it with `mlnb hub up --state {st.Paths.Root}`");
        Console.WriteLine($"tracking service {st.Settings.Tracking.UserUri} (store {st.Store})");
        if (st.Pid is null)
        {
            Console.WriteLine($"users: {string.Join(", ", st.Settings.Users)}");
            return 0;
        }
        var t = Render.Table("user", "server", "last activity");
        foreach (var u in st.Users) t.AddRow(Render.Esc(u.Name) + (u.IsAdmin ? " (admin)" : ""), u.Server, u.LastActivity is { } la ? Render.Time(la) : "-");
        Render.Write(t);
        return 0;
    }
}
