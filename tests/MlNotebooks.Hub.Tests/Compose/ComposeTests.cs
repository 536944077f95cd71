using System.Diagnostics;

namespace MlNotebooks.Hub.Tests.Compose;

/// <summary>
/// The container shape, checked with the consumers' own tools and no engine: Debian's docker-compose 1.29 validates
/// docker-compose.yml, and traitlets runs hub/jupyterhub_config.py as JupyterHub would, in its DockerSpawner mode.
/// (DockerSpawner itself is not in Debian and PyPI is unreachable here, so the spawner is not started.)
/// </summary>
public sealed class ComposeTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task ComposeFile_Validates_WithOneNetworkAPersistentDatabaseAndTheTrackingServiceBehindHubAuth()
    {
        var (code, output, error) = await RunAsync("docker-compose", ["-f", "docker-compose.yml", "config"], new() { ["POSTGRES_PASSWORD"] = "pw-for-test", ["MLNB_HUB_DUMMY_PASSWORD"] = "demo" });
        Assert.True(code == 0, error);
        Assert.Contains("postgres-data:/var/lib/postgresql/data", output);
        Assert.Contains("image: mlnb-singleuser:latest", output);
        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", output);
        Assert.Contains("--hub-api", output);
        Assert.Contains("http://hub:8081/hub/api", output);
        Assert.Contains("127.0.0.1:8000:8000", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("networks:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ComposeFile_RefusesToStartWithoutTheDatabasePassword()
    {
        var (code, _, error) = await RunAsync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], new() { ["POSTGRES_PASSWORD"] = null, ["MLNB_HUB_DUMMY_PASSWORD"] = "demo" });
        Assert.NotEqual(0, code);
        Assert.Contains("set POSTGRES_PASSWORD", error);
    }

    [Fact]
    public async Task HubConfig_InContainerMode_UsesDockerSpawnerWithAllowedImages_AndGivesUsersTheirHubToken()
    {
        var script = """
            import os, sys
            from traitlets.config import Config
            c = Config()
            os.environ["MLNB_HUB_SETTINGS"] = "/nonexistent/hub.json"
            os.environ["MLNB_HUB_SPAWNER"] = "docker"
            os.environ["MLNB_SINGLEUSER_IMAGE"] = "registry.example/mlnb-singleuser:1"
            exec(open(sys.argv[1]).read(), {"get_config": lambda: c, "__file__": sys.argv[1]})
            class Spawner: api_token = "the-users-token"
            env = c.Spawner.environment
            print(c.JupyterHub.spawner_class, c.DockerSpawner.image, ",".join(c.DockerSpawner.allowed_images))
            print(env["MLNB_TRACKING_URI"], env["MLNB_TRACKING_TOKEN"](Spawner()))
            print(",".join(s["name"] for s in c.JupyterHub.services), "command" in c.JupyterHub.services[0])
            """;
        var (code, output, error) = await RunAsync("python3", ["-c", script, Path.Combine(Root, "hub", "jupyterhub_config.py")], []);
        Assert.True(code == 0, error);
        Assert.Equal(
            [
                "dockerspawner.DockerSpawner registry.example/mlnb-singleuser:1 registry.example/mlnb-singleuser:1",
                "http://tracking:5000 the-users-token",
                "mlnb-tracking,mlnb-idle-culler False",
            ],
            output.Trim().Split('\n'));
    }

    [Fact]
    public async Task HubConfig_InContainerModeWithoutDockerSpawner_FallsBackToTheSimpleSpawnerAndSaysSo()
    {
        var script = """
            import os, sys
            from traitlets.config import Config
            c = Config()
            os.environ["MLNB_HUB_SETTINGS"] = "/nonexistent/hub.json"
            os.environ.pop("MLNB_HUB_SPAWNER", None)
            exec(open(sys.argv[1]).read(), {"get_config": lambda: c, "__file__": sys.argv[1]})
            print(c.JupyterHub.spawner_class, c.Spawner.environment["MLNB_TRACKING_URI"])
            """;
        // Debian has no dockerspawner (PyPI only): this is what the hub image built here (hub/images.sh) runs.
        var (code, output, error) = await RunAsync("/usr/bin/python3", ["-c", script, Path.Combine(Root, "hub", "jupyterhub_config.py")], []);
        Assert.True(code == 0, error);
        Assert.Equal("simple http://tracking:5000", output.Trim());
        Assert.Contains("dockerspawner is not installed", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] args, Dictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")) && Directory.Exists(Path.Combine(dir.FullName, "hub"))) return dir.FullName;
        throw new InvalidOperationException("repository root (docker-compose.yml) not found above the test output");
    }
}
