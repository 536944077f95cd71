using System.Net;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests;

/// <summary>Users stay apart: servers, kernels, homes, runs; no user process sees the admin token or the store.</summary>
[Collection(HubCollection.Name)]
public sealed class HubIsolationTests(HubFixture hub)
{
    [Fact]
    public async Task Bob_Gets403_OnAlicesServer_AndOnHerExperiment()
    {
        await hub.StartAsync(3600);
        var alice = await hub.TokenAsync(hub.Alice);
        var bob = await hub.TokenAsync(hub.Bob);
        await hub.StartServerAsync(hub.Alice, alice);

        using (var asBob = hub.Client(bob))
        {
            using var kernels = await asBob.GetAsync($"user/{hub.Alice}/api/kernels");
            Assert.Equal(HttpStatusCode.Forbidden, kernels.StatusCode);
            using var spawn = await asBob.PostAsync($"hub/api/users/{hub.Alice}/server", HubFixture.Json(new JsonObject()));
            Assert.Equal(HttpStatusCode.NotFound, spawn.StatusCode); // the hub does not even say whether a user it does not show you exists
            using var files = await asBob.GetAsync($"user/{hub.Alice}/api/contents");
            Assert.Equal(HttpStatusCode.Forbidden, files.StatusCode);
        }
        using (var asAlice = hub.Client(alice))
        {
            using var kernels = await asAlice.GetAsync($"user/{hub.Alice}/api/kernels");
            Assert.Equal(HttpStatusCode.OK, kernels.StatusCode);
        }

        using var trackingAlice = hub.Tracking(alice);
        using var created = await trackingAlice.PostAsync("api/2.0/mlflow/experiments/create", HubFixture.Json(new JsonObject { ["name"] = $"private-{hub.Alice}" }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var experimentId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["experiment_id"]!.GetValue<string>();

        using var trackingBob = hub.Tracking(bob);
        using var rename = await trackingBob.PostAsync("api/2.0/mlflow/experiments/update", HubFixture.Json(new JsonObject { ["experiment_id"] = experimentId, ["new_name"] = "taken-by-bob" }));
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        using var read = await trackingBob.GetAsync($"api/2.0/mlflow/experiments/get?experiment_id={experimentId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode); // READ is the default permission: teams see each other's work
        using var anonymous = new HttpClient { BaseAddress = hub.TrackingUrl };
        using var noToken = await anonymous.GetAsync($"api/2.0/mlflow/experiments/get?experiment_id={experimentId}");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        var name = JsonNode.Parse(await (await trackingAlice.GetAsync($"api/2.0/mlflow/experiments/get?experiment_id={experimentId}")).Content.ReadAsStringAsync())!["experiment"]!["name"]!.GetValue<string>();
        Assert.Equal($"private-{hub.Alice}", name);
    }

    [Fact]
    public async Task TrackingService_RunsAsItsOwnUnprivilegedAccount_ThatOwnsOnlyItsFolder_AndStillTakesHubTokensOnly()
    {
        await hub.StartAsync(3600);
        var port = $"--port\0{hub.Settings.Tracking.Port}\0";
        var pid = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit)).Select(d => int.Parse(d!))
            .Single(p => Read($"/proc/{p}/cmdline") is var c && c.Contains("\0server\0", StringComparison.Ordinal) && c.Contains(port, StringComparison.Ordinal) && c.Contains("--hub-api", StringComparison.Ordinal));
        var uid = Read($"/proc/{pid}/status").Split('\n').Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..].Distinct().Single();
        var account = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).Single(f => f[0] == HubLauncher.TrackingAccount);
        Assert.Equal(account[2], uid); // real, effective, saved and file-system uid: all the service account's
        Assert.NotEqual("0", uid);
        Assert.Equal("/usr/sbin/nologin", account[6]);
        Assert.True(int.Parse(uid, System.Globalization.CultureInfo.InvariantCulture) < 1000); // a system account, not a hub user
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(hub.Paths.Tracking));
        // It cannot read the hub's secrets: the admin token and hub.json stay root's.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hub.Paths.AdminToken));

        using var anonymous = new HttpClient { BaseAddress = hub.TrackingUrl };
        using var noToken = await anonymous.GetAsync("api/2.0/mlflow/experiments/search?max_results=1");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var asAdmin = hub.Tracking(hub.AdminToken); // a hub service's token, not a user's: refused
        using var service = await asAdmin.GetAsync("api/2.0/mlflow/experiments/search?max_results=1");
        Assert.Equal(HttpStatusCode.Unauthorized, service.StatusCode);
        using var asAlice = hub.Tracking(await hub.TokenAsync(hub.Alice));
        using var user = await asAlice.GetAsync("api/2.0/mlflow/experiments/search?max_results=1");
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
    }

    [Fact]
    public async Task Homes_AreClosed_AndUserServersSeeNeitherTheAdminTokenNorTheStore()
    {
        await hub.StartAsync(3600);
        foreach (var user in new[] { hub.Alice, hub.Bob })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(UnixUsers.Home(user)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hub.Paths.AdminToken));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hub.Paths.Settings));

        var token = await hub.TokenAsync(hub.Bob);
        await hub.StartServerAsync(hub.Bob, token);
        var pid = Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(d => d.All(char.IsDigit)).Select(int.Parse)
            .First(p => Owner(p) == hub.Bob && Read($"/proc/{p}/cmdline").Contains("jupyterhub-singleuser", StringComparison.Ordinal));
        var env = Read($"/proc/{pid}/environ").Split('\0').Where(e => e.Contains('=')).ToDictionary(e => e[..e.IndexOf('=')], e => e[(e.IndexOf('=') + 1)..]);
        Assert.Equal(hub.Settings.Tracking.UserUri, env["MLNB_TRACKING_URI"]);
        Assert.Equal(env["JUPYTERHUB_API_TOKEN"], env["MLNB_TRACKING_TOKEN"]);
        Assert.DoesNotContain(env.Values, v => v.Contains(hub.AdminToken, StringComparison.Ordinal));
        Assert.DoesNotContain(env.Values, v => v.Contains("sqlite:", StringComparison.Ordinal) || v.Contains("postgresql:", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(hub.State, "jupyter", "share", "jupyter"), env["JUPYTER_PATH"]);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Owner(int pid)
    {
        var uid = Read($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return uid is null ? "" : File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 2 && f[2] == uid)?[0] ?? "";
    }
}
