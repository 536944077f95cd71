using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests;

/// <summary>mlnb hub down/up keeps users and runs; the idle culler stops idle servers; bad inputs fail in one line.</summary>
[Collection(HubCollection.Name)]
public sealed class HubLifecycleTests(HubFixture hub)
{
    [Fact]
    public async Task Restart_KeepsUsersAndRuns()
    {
        await hub.StartAsync(3600);
        var token = await hub.TokenAsync(hub.Alice);
        string runId;
        using (var tracking = hub.Tracking(token))
        {
            using var exp = await tracking.PostAsync("api/2.0/mlflow/experiments/create", HubFixture.Json(new JsonObject { ["name"] = $"restart-{hub.Alice}" }));
            var experimentId = JsonNode.Parse(await exp.Content.ReadAsStringAsync())!["experiment_id"]!.GetValue<string>();
            using var run = await tracking.PostAsync("api/2.0/mlflow/runs/create", HubFixture.Json(new JsonObject { ["experiment_id"] = experimentId, ["run_name"] = "before-restart" }));
            runId = JsonNode.Parse(await run.Content.ReadAsStringAsync())!["run"]!["info"]!["run_id"]!.GetValue<string>();
        }

        var down = await Mlnb.RunAsync("hub", "down", "--state", hub.State);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.StartsWith("hub stopped", down.Stdout);
        var stopped = await Mlnb.RunAsync("hub", "status", "--state", hub.State);
        Assert.Contains("hub stopped", stopped.Stdout);
        await hub.StartAsync(3600); // up again on the same state
        Assert.Contains("hub running at", hub.Up!.Stdout);
        Assert.DoesNotContain("password", hub.Up.Stdout); // the users existed: no new passwords
        Assert.Contains($"hub database: postgresql://{hub.DbName}:***@", hub.Up.Stdout); // kept from the first start's --db

        var status = await Mlnb.RunAsync("hub", "status", "--state", hub.State, "--json");
        var users = JsonNode.Parse(status.Stdout)!["users"]!.AsArray().Select(u => u!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(hub.Alice, users);
        Assert.Contains(hub.Bob, users);
        // The hub's database kept the token issued before the restart, and the store kept the run.
        using var after = hub.Tracking(token);
        var again = JsonNode.Parse(await after.GetStringAsync($"api/2.0/mlflow/runs/get?run_id={runId}"))!["run"]!["info"]!;
        Assert.Equal("before-restart", again["run_name"]!.GetValue<string>());
        Assert.Equal(hub.Alice, again["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubDatabase_IsPostgreSQL_HoldsTheUsers_AndItsPasswordIsShownToNoOne()
    {
        await hub.StartAsync(3600);
        await using (var pg = HubFixture.Postgres(Environment.GetEnvironmentVariable("MLNB_TEST_POSTGRES_URI")!, hub.DbName))
        {
            await pg.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT name FROM users ORDER BY name", pg);
            await using var reader = await cmd.ExecuteReaderAsync();
            var names = new List<string>();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
            Assert.Equal([hub.Alice, hub.Bob], names);
        }
        // Not in what mlnb printed, not on any process's command line, not in the hub's log; only in the root-only hub.json.
        Assert.DoesNotContain(hub.DbPassword, hub.Up!.Stdout + hub.Up.Stderr);
        var status = await Mlnb.RunAsync("hub", "status", "--state", hub.State, "--json");
        Assert.DoesNotContain(hub.DbPassword, status.Stdout);
        foreach (var proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            Assert.DoesNotContain(hub.DbPassword, cmdline);
        }
        Assert.DoesNotContain(File.ReadLines(hub.Paths.Log), l => l.Contains(hub.DbPassword, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hub.Paths.Settings));
        Assert.Contains(hub.DbPassword, File.ReadAllText(hub.Paths.Settings));
    }

    [Fact]
    public async Task HubDatabase_OtherThanPostgreSQLOrSQLite_IsRefusedInOneLine()
    {
        var state = Path.Combine(Path.GetTempPath(), "mlnb-hub-baddb-" + Guid.NewGuid().ToString("N")[..6]);
        var r = await Mlnb.RunAsync("hub", "up", "--port", "0", "--state", state, "--db", "mysql://root:secret@db/hub");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --db 'mysql://root:***@db/hub' is not a database JupyterHub can use here; give postgresql://USER:PASSWORD@HOST:PORT/DB or sqlite:///PATH", r.Stderr.Trim());
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public async Task IdleCuller_StopsAnIdleServer()
    {
        await hub.StartAsync(idleTimeout: 4);
        var token = await hub.TokenAsync(hub.Bob);
        await hub.StartServerAsync(hub.Bob, token);
        await hub.WaitForServerAsync(hub.Bob, ready: false, TimeSpan.FromSeconds(90));
        // The culler logs once the hub has answered its DELETE, which is after the server stopped.
        var line = $"[mlnb-idle-culler] stopped {hub.Bob}'s server";
        for (var i = 0; i < 60 && !File.ReadLines(hub.Paths.Log).Any(l => l.Contains(line, StringComparison.Ordinal)); i++) await Task.Delay(500);
        Assert.Contains(File.ReadLines(hub.Paths.Log), l => l.Contains(line, StringComparison.Ordinal));
        await hub.StartAsync(3600);
    }

    [Fact]
    public async Task HubUpTwice_SaysItRuns()
    {
        await hub.StartAsync(3600);
        var r = await Mlnb.RunAsync("hub", "up", "--port", "0", "--state", hub.State);
        Assert.Equal(4, r.ExitCode);
        Assert.Equal($"error: a hub is already running from {hub.State} (pid {File.ReadAllText(hub.Paths.PidFile).Trim()}) at {hub.Url}; stop it with `mlnb hub down --state {hub.State}`", r.Stderr.Trim());
    }

    [Fact]
    public async Task UnknownUser_IsNamed()
    {
        await hub.StartAsync(3600);
        var r = await Mlnb.RunAsync("hub", "users", "remove", "ghost", "--state", hub.State);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"error: 'ghost' is not a user of the hub in {hub.State}; see `mlnb hub status --state {hub.State}`", r.Stderr.Trim());
        var bad = await Mlnb.RunAsync("hub", "users", "add", "Not A Name", "--state", hub.State);
        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.Contains("user name 'Not A Name' is not allowed", bad.Stderr);
        var system = await Mlnb.RunAsync("hub", "users", "add", "daemon", "--state", hub.State);
        Assert.Equal(2, system.ExitCode);
        Assert.Equal("error: 'daemon' is a system account (uid 1); hub users must be ordinary users, pick another name", system.Stderr.Trim());
    }

    [Fact]
    public async Task PortInUse_FailsBeforeWritingAnything()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var state = Path.Combine(Path.GetTempPath(), "mlnb-hub-busy-" + Guid.NewGuid().ToString("N")[..6]);
        var r = await Mlnb.RunAsync("hub", "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state, "--users", "nobodyhere");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: port {port} on 127.0.0.1 is in use; pick another with --port, or stop what listens there", r.Stderr.Trim());
        Assert.False(Directory.Exists(state));
        Assert.False(MlNotebooks.Hub.UnixUsers.Exists("nobodyhere"));
    }

    [Fact]
    public async Task Help_ListsTheHubVerbs()
    {
        var r = await Mlnb.RunAsync("hub", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "up", "down", "status", "users" }) Assert.Matches($@"(?m)^\s+{verb}\s", r.Stdout);
        var up = await Mlnb.RunAsync("hub", "up", "--help");
        foreach (var option in new[] { "--port", "--state", "--users", "--tracking-uri", "--idle-timeout", "--authenticator" }) Assert.Contains(option, up.Stdout);
    }

    [Fact]
    public async Task DownWithNoHub_SaysHowToStartOne()
    {
        var state = Path.Combine(Path.GetTempPath(), "mlnb-hub-none-" + Guid.NewGuid().ToString("N")[..6]);
        var r = await Mlnb.RunAsync("hub", "down", "--state", state);
        Assert.Equal(5, r.ExitCode);
        Assert.Equal($"error: no hub is running from {state}; start one with `mlnb hub up --state {state}`", r.Stderr.Trim());
        var status = await Mlnb.RunAsync("hub", "status", "--state", state);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal($"error: no hub in {state}; start one with `mlnb hub up --state {state}`", status.Stderr.Trim());
    }
}
