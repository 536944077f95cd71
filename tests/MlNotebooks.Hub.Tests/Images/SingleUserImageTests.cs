using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests.Images;

/// <summary>
/// The single-user image built FROM the local Debian base with the host's .NET: Debian's Jupyter, our kernel installed
/// with <c>mlnb kernel install --prefix /usr/local</c>, UID 1000; <c>jupyter nbconvert --execute</c> of a <c>#!track</c>
/// notebook inside the container logs a run that lands in the mounted workspace.
/// </summary>
[Collection(HubImagesCollection.Name)]
public sealed class SingleUserImageTests(HubImagesFixture images)
{
    [Fact]
    public async Task TrackNotebook_RunByNbconvertInsideTheContainer_LandsInTheMountedStore()
    {
        var dir = Directory.CreateTempSubdirectory("mlnb-singleuser-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "track.ipynb"), Notebook(
                "#!track start --experiment in-container --name nbconvert-run\n#!track param where=container",
                "for (var i = 0; i < 3; i++) Track.Metric(\"loss\", 1.0 / (i + 1), i);\nSystem.Console.WriteLine($\"run {Track.RunId} as {System.Environment.UserName}\");",
                "#!track end"));
            (await Podman.ExecAsync("chown", dir, new Dictionary<string, string?>(), "-R", "1000:100", dir)).Ok("chown");
            var run = await Podman.RunAsync("run", "--rm", "--no-healthcheck", "-v", $"{dir}:/home/jovyan/work", "-w", "/home/jovyan/work",
                "-e", "MLNB_TRACKING_URI=sqlite:////home/jovyan/work/mlnb.db", images.Images["singleuser"],
                "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--output", "out.ipynb", "track.ipynb");
            Assert.True(run.ExitCode == 0, run.ToString());

            var outputs = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out.ipynb")))!["cells"]!.AsArray()
                .SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => Text(o!)).ToList();
            Assert.Contains(outputs, o => o.Contains("as jovyan", StringComparison.Ordinal));
            Assert.Contains(outputs, o => o.Contains("FINISHED", StringComparison.Ordinal) && o.Contains("where=container", StringComparison.Ordinal));

            // The run, read on the host from the store the container wrote: its name, owner (the container's user) and CPU seconds.
            var usage = await Mlnb.RunAsync("usage", "--tracking-uri", "sqlite:///" + Path.Combine(dir, "mlnb.db"), "--json");
            Assert.True(usage.ExitCode == 0, usage.ToString());
            var landed = Assert.Single(JsonNode.Parse(usage.Stdout)!["runs"]!.AsArray())!;
            Assert.Equal("nbconvert-run", landed["run_name"]!.GetValue<string>());
            Assert.Equal("jovyan", landed["user"]!.GetValue<string>());
            Assert.Equal("FINISHED", landed["status"]!.GetValue<string>());
            Assert.True(landed["cpu_seconds"]!.GetValue<double>() > 0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Image_RunsAsUid1000_WithTheKernelInASystemPath_AHealthcheck_AndTheTrackingService()
    {
        var inspect = JsonNode.Parse((await Podman.RunAsync("image", "inspect", images.Images["singleuser"])).Ok("podman image inspect").Out)![0]!;
        Assert.Equal("1000", inspect["Config"]!["User"]!.GetValue<string>());
        Assert.Contains(inspect["Config"]!["Env"]!.AsArray(), e => e!.GetValue<string>() == "MLNB_TRACKING_URI=http://tracking:5000");
        var probe = inspect["Healthcheck"]!["Test"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(); // podman keeps it beside Config (docker format)
        Assert.Equal("CMD-SHELL", probe[0]);
        Assert.Contains("JUPYTERHUB_SERVICE_PREFIX", probe[1]); // the server's own /api under its hub prefix
        var inside = (await Podman.RunAsync("run", "--rm", "--no-healthcheck", images.Images["singleuser"], "sh", "-c",
            "id -u; cat /usr/local/share/jupyter/kernels/mlnb-csharp/kernel.json")).Ok("podman run");
        var lines = inside.Out.Split('\n', 2);
        Assert.Equal("1000", lines[0]);
        var argv = JsonNode.Parse(lines[1])!["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["/opt/mlnb/mlnb.dll", "kernel", "start", "{connection_file}"], argv.Skip(1));
    }

    [Fact]
    public async Task ImagesScript_WithUnchangedInputs_BuildsNothing()
    {
        var before = await IdsAsync();
        var again = (await HubImagesFixture.BuildAsync()).Ok("hub/images.sh");
        Assert.DoesNotContain("building", again.Stderr);
        Assert.Equal(before, await IdsAsync());
        var bad = await Podman.ExecAsync("bash", Podman.RepoRoot, new Dictionary<string, string?>(), Path.Combine(Podman.RepoRoot, "hub", "images.sh"), "notebook");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("hub images: unknown image 'notebook'; give singleuser, hub or postgres", bad.Stderr.Trim().Split('\n')[^1]);
    }

    private async Task<string> IdsAsync()
    {
        var ids = new List<string>();
        foreach (var image in HubImagesFixture.Names.Select(n => images.Images[n]))
            ids.Add((await Podman.RunAsync("image", "inspect", "--format", "{{.Id}}", image)).Ok("inspect").Out);
        return string.Join(",", ids);
    }

    private static string Text(JsonNode output) =>
        output["text"] is { } t ? Join(t) : output["data"]?["text/plain"] is { } p ? Join(p) : "";

    private static string Join(JsonNode n) => n is JsonArray a ? string.Concat(a.Select(x => x!.GetValue<string>())) : n.GetValue<string>();

    private static string Notebook(params string[] cells) => new JsonObject
    {
        ["nbformat"] = 4, ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "mlnb-csharp", ["display_name"] = "C# (MlNotebooks)", ["language"] = "C#" } },
        ["cells"] = new JsonArray([.. cells.Select((s, i) => (JsonNode)new JsonObject
        {
            ["id"] = $"c{i}", ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["source"] = s, ["outputs"] = new JsonArray(), ["execution_count"] = null,
        })]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
