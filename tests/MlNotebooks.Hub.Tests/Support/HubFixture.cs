using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Hub;

namespace MlNotebooks.Hub.Tests.Support;

/// <summary>
/// One real single-machine hub for a test class: <c>mlnb hub up</c> with two Unix users whose names are unique to the
/// run (removed with their homes at the end), in a state folder under /tmp; stopped with <c>mlnb hub down</c>. The hub's
/// own database is PostgreSQL (<c>--db</c>, given on the first start only: later starts keep it): a role with a password
/// and a database made for the run on the test server (MLNB_TEST_POSTGRES_URI, scripts/services/10-postgres.sh), dropped
/// at the end.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private static readonly string Run = Guid.NewGuid().ToString("N")[..6];

    public string Alice { get; } = $"mlnbt{Run}a";
    public string Bob { get; } = $"mlnbt{Run}b";
    public string State { get; } = Path.Combine(Path.GetTempPath(), $"mlnb-hub-test-{Run}");
    public Mlnb.Result? Up { get; private set; }
    public int IdleTimeout { get; private set; }

    /// <summary>The hub database's name and role (the same), and the role's password.</summary>
    public string DbName { get; } = $"mlnbhub_{Run}";
    public string DbPassword { get; } = "pw" + Guid.NewGuid().ToString("N");
    public string DbUri { get; private set; } = "";

    public HubPaths Paths => new(State);
    public HubSettings Settings => HubSettings.Read(Paths.Settings)!;
    public Uri Url => new($"http://127.0.0.1:{Settings.Port}/");
    public Uri TrackingUrl => new(Settings.Tracking.UserUri.TrimEnd('/') + "/");
    public string AdminToken => File.ReadAllText(Paths.AdminToken).Trim();

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("MLNB_TEST_POSTGRES_URI")
            ?? throw new InvalidOperationException("MLNB_TEST_POSTGRES_URI is not set; run `source scripts/services/10-postgres.sh` first (./test.sh does)");
        var u = new Uri(server);
        await using (var pg = Postgres(server))
        {
            await pg.OpenAsync();
            await Exec(pg, $"CREATE ROLE {DbName} LOGIN PASSWORD '{DbPassword}'");
            await Exec(pg, $"CREATE DATABASE {DbName} OWNER {DbName}");
        }
        DbUri = $"postgresql://{DbName}:{DbPassword}@{u.Host}:{u.Port}/{DbName}";
        await StartAsync(3600);
    }

    /// <summary>A connection to the test PostgreSQL server (database <paramref name="database"/>, or the URI's).</summary>
    public static Npgsql.NpgsqlConnection Postgres(string uri, string? database = null)
    {
        var u = new Uri(uri);
        var user = Uri.UnescapeDataString(u.UserInfo.Split(':')[0]);
        return new Npgsql.NpgsqlConnection($"Host={u.Host};Port={u.Port};Username={user};Database={database ?? u.AbsolutePath.Trim('/')};Pooling=false");
    }

    public static async Task Exec(Npgsql.NpgsqlConnection pg, string sql)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, pg);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the hub (stopping it first when it runs with another idle timeout).</summary>
    public async Task StartAsync(int idleTimeout)
    {
        if (IdleTimeout == idleTimeout && HubIsUp()) return;
        if (HubIsUp()) Assert.Equal(0, (await Mlnb.RunAsync("hub", "down", "--state", State)).ExitCode);
        string[] db = Up is null ? ["--db", DbUri] : [];
        Up = await Mlnb.RunAsync(["hub", "up", "--port", "0", "--state", State, "--users", $"{Alice},{Bob}",
            "--idle-timeout", idleTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture), "--idle-interval", "1", .. db]);
        Assert.True(Up.ExitCode == 0, $"hub up failed: {Up}\n{(File.Exists(Paths.Log) ? string.Join('\n', File.ReadLines(Paths.Log).TakeLast(40)) : "")}");
        IdleTimeout = idleTimeout;
    }

    public bool HubIsUp() => File.Exists(Paths.PidFile);

    public HttpClient Admin() => Client(AdminToken);

    /// <summary>A client on the hub's public URL with a token (the hub's <c>Authorization: token T</c>).</summary>
    public HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        return http;
    }

    /// <summary>A client on the tracking service with a hub token as the bearer token.</summary>
    public HttpClient Tracking(string token)
    {
        var http = new HttpClient { BaseAddress = TrackingUrl, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A new API token for <paramref name="user"/>, issued with the admin token (what the user gets from the hub's token page).</summary>
    public async Task<string> TokenAsync(string user)
    {
        using var admin = Admin();
        using var r = await admin.PostAsync($"hub/api/users/{user}/tokens", Json(new JsonObject { ["note"] = "hub test" }));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
    }

    /// <summary>Starts the user's server through the hub REST API with the user's own token and waits until it is ready.</summary>
    public async Task StartServerAsync(string user, string token)
    {
        using var http = Client(token);
        using var r = await http.PostAsync($"hub/api/users/{user}/server", Json(new JsonObject()));
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.BadRequest, $"spawn answered {(int)r.StatusCode}");
        await WaitForServerAsync(user, ready: true, TimeSpan.FromMinutes(3));
    }

    /// <summary>Waits until the user's default server is (or is no longer) ready; fails after <paramref name="within"/>.</summary>
    public async Task WaitForServerAsync(string user, bool ready, TimeSpan within)
    {
        using var admin = Admin();
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var model = JsonNode.Parse(await admin.GetStringAsync($"hub/api/users/{user}"))!;
            var server = model["servers"]?[""];
            var isReady = server?["ready"]?.GetValue<bool>() == true;
            if (isReady == ready) return;
            Assert.True(DateTime.UtcNow < until, $"{user}'s server did not become {(ready ? "ready" : "stopped")} within {within}: {model.ToJsonString()}");
            await Task.Delay(500);
        }
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        if (HubIsUp()) await Mlnb.RunAsync("hub", "down", "--state", State);
        UnixUsers.Remove(Alice);
        UnixUsers.Remove(Bob);
        if (Environment.GetEnvironmentVariable("MLNB_TEST_POSTGRES_URI") is { } server)
        {
            await using var pg = Postgres(server);
            await pg.OpenAsync();
            await Exec(pg, $"DROP DATABASE IF EXISTS {DbName} WITH (FORCE)");
            await Exec(pg, $"DROP ROLE IF EXISTS {DbName}");
        }
        try
        {
            Directory.Delete(State, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean /tmp
        }
    }
}
