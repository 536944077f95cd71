using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests.Images;

/// <summary>
/// docker-compose.yml brought up for real: Debian's docker-compose 1.29 through podman's Docker-compatible socket
/// (<c>podman system service</c> on a unix socket of its own, DOCKER_HOST=unix://…), with the images hub/images.sh built
/// from the local base. The hub answers <c>/hub/health</c>; <c>down -v</c> leaves no container, network or volume.
/// </summary>
[Collection(HubImagesCollection.Name)]
public sealed class ComposeUpTests(HubImagesFixture images)
{
    [Fact]
    public async Task ComposeStack_ComesUpThroughPodmansSocket_HubAnswersHealth_AndDownRemovesEverything()
    {
        var id = "mlnbc" + Guid.NewGuid().ToString("N")[..8];
        var dir = Directory.CreateTempSubdirectory("mlnb-compose-").FullName;
        var socket = Path.Combine(dir, "podman.sock");
        var port = FreePort();
        using var service = StartService(socket);
        var env = new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = "unix://" + socket,
            ["COMPOSE_PROJECT_NAME"] = id,
            ["MLNB_HUB_IMAGE"] = images.Images["hub"],
            ["MLNB_SINGLEUSER_IMAGE"] = images.Images["singleuser"],
            ["MLNB_POSTGRES_IMAGE"] = images.Images["postgres"],
            ["MLNB_DOCKER_SOCKET"] = socket,
            ["MLNB_DOCKER_NETWORK"] = id,
            ["MLNB_HUB_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MLNB_HUB_USERS"] = "alice,bob",
            ["POSTGRES_PASSWORD"] = "pw-" + id,
            ["MLNB_HUB_DUMMY_PASSWORD"] = "demo-" + id,
        };
        try
        {
            for (var i = 0; i < 100 && !File.Exists(socket); i++) await Task.Delay(100);
            Assert.True(File.Exists(socket), "podman system service did not create its socket");
            var up = await Compose(env, "up", "-d", "--no-build");
            Assert.True(up.ExitCode == 0, up.ToString());

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var health = HttpStatusCode.ServiceUnavailable;
            for (var until = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < until && health != HttpStatusCode.OK; await Task.Delay(1000))
            {
                try { health = (await http.GetAsync($"http://127.0.0.1:{port}/hub/health")).StatusCode; }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            var logs = await Compose(env, "logs", "--no-color", "hub");
            Assert.True(health == HttpStatusCode.OK, "the hub did not answer /hub/health within 3 minutes:\n" + logs.Stdout + logs.Stderr);
            var version = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/hub/api"))!["version"]!.GetValue<string>();
            Assert.StartsWith("3.", version); // Debian's JupyterHub, from the image built on the local base
            Assert.Contains("dockerspawner is not installed", logs.Stdout + logs.Stderr); // and it says what it runs instead

            // The tracking service reaches PostgreSQL by its service name on the stack's network (it may restart once
            // while the database initialises), with hub-token auth on; its log never shows the database password.
            var tracking = "";
            for (var until = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < until && !tracking.Contains("auth on)", StringComparison.Ordinal); await Task.Delay(2000))
                tracking = (await Compose(env, "logs", "--no-color", "tracking")).Stdout;
            Assert.Contains("(store postgresql://mlnb@postgres:5432/mlnb, auth on)", tracking);
            Assert.DoesNotContain(env["POSTGRES_PASSWORD"]!, tracking + logs.Stdout + logs.Stderr);

            // The three services of the file are running on the stack's one network.
            var ps = await Podman.ExecAsync("podman", dir, new Dictionary<string, string?>(), "ps", "--filter", "label=com.docker.compose.project=" + id, "--format", "{{.Names}} {{.Networks}}");
            var running = ps.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in new[] { "hub", "tracking", "postgres" })
                Assert.Contains(running, r => r.Contains($"_{name}_", StringComparison.Ordinal) && r.EndsWith(id, StringComparison.Ordinal));
        }
        finally
        {
            var down = await Compose(env, "down", "-v", "--remove-orphans", "-t", "5");
            Assert.True(down.ExitCode == 0, down.ToString());
            StopService(service);
            var left = await Podman.RunAsync("ps", "-a", "--filter", "label=com.docker.compose.project=" + id, "--format", "{{.ID}}");
            var volumes = await Podman.RunAsync("volume", "ls", "--filter", "label=com.docker.compose.project=" + id, "--format", "{{.Name}}");
            var networks = await Podman.RunAsync("network", "ls", "--filter", "name=" + id, "--format", "{{.Name}}");
            Directory.Delete(dir, recursive: true);
            Assert.Equal("", left.Out + volumes.Out + networks.Out);
        }
    }

    private static Task<Podman.Result> Compose(Dictionary<string, string?> env, params string[] args) =>
        Podman.ExecAsync("docker-compose", Podman.RepoRoot, env, ["-f", Path.Combine(Podman.RepoRoot, "docker-compose.yml"), .. args]);

    private static Process StartService(string socket)
    {
        var psi = new ProcessStartInfo("podman") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "system", "service", "--time=0", "unix://" + socket }) psi.ArgumentList.Add(a);
        psi.Environment["CONTAINERS_CONF"] = Path.Combine(Podman.RepoRoot, "scripts", "containers", "containers.conf");
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void StopService(Process p)
    {
        if (p.HasExited) return;
        p.Kill();
        p.WaitForExit(10_000);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
