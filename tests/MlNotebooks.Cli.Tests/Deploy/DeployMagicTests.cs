using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Cli.Tests.Support;

namespace MlNotebooks.Cli.Tests.Deploy;

/// <summary>
/// <c>#!deploy</c> on a real kernel and through <c>mlnb notebook run</c>: real <c>mlnb serve</c> child processes on
/// 127.0.0.1, real HTTP requests, and the ports checked free again afterwards.
/// </summary>
[Collection(SharedSessionCollection.Name)]
public sealed partial class DeployMagicTests(DeployFixture k) : IClassFixture<DeployFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string Body(int features = 30) =>
        "{\"inputs\":[{\"name\":\"Features\",\"shape\":[1," + features + "],\"datatype\":\"FP32\",\"data\":[" +
        string.Join(",", k.Row[..features].Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]}]}";

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool ProcessIsGone(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/ \| (\d+)")]
    private static partial Regex UrlAndPid();

    [Fact]
    public async Task StartRequestStatusMetricsStop_ServesTheModelAndFreesThePort()
    {
        try
        {
            var started = await k.SubmitAsync("#!deploy start models:/cancer@production --name bc");
            started.Succeeded();
            var text = started.Displayed("text/plain");
            Assert.Contains("serving models:/cancer@production (version 1) at http://127.0.0.1:", text);
            var m = UrlAndPid().Match(text);
            Assert.True(m.Success, text);
            var port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var pid = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.NotEqual(Environment.ProcessId, pid); // a child process, not the kernel

            // A real request to the URL, and the example curl's body as shown.
            using var answer = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent(Body(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            Assert.Equal("cancer", (string?)json["model_name"]);
            Assert.Equal("1", (string?)json["model_version"]);
            var curl = text.Split('\n').Single(l => l.StartsWith("curl ", StringComparison.Ordinal));
            var curlBody = curl[(curl.IndexOf("-d '", StringComparison.Ordinal) + 4)..^1];
            Assert.Contains("\"shape\":[1,30]", curlBody);
            using var fromCurl = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent(curlBody, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, fromCurl.StatusCode);
            using var bad = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent(Body(features: 3), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

            var status = await k.SubmitAsync("#!deploy status");
            status.Succeeded();
            var row = status.Displayed("text/plain").Split('\n').Single(l => l.StartsWith("bc | ", StringComparison.Ordinal)).Split(" | ");
            // name, model, version, url, pid, state, uptime, requests, errors, req/s, p50, p99
            Assert.Equal(["bc", "models:/cancer@production", "1", $"http://127.0.0.1:{port}/", pid.ToString(CultureInfo.InvariantCulture), "running"], row[..6]);
            Assert.Equal("3", row[7]);
            Assert.Equal("1", row[8]);
            Assert.True(double.Parse(row[10], CultureInfo.InvariantCulture) > 0, string.Join(" | ", row));
            Assert.True(double.Parse(row[11], CultureInfo.InvariantCulture) >= double.Parse(row[10], CultureInfo.InvariantCulture));

            // --watch updates one display in place, its charts under stable ids.
            var watched = await k.SubmitAsync("#!deploy metrics bc --watch 2");
            watched.Succeeded();
            var first = watched.OfType<DisplayedValueProduced>().Single();
            var updates = watched.OfType<DisplayedValueUpdated>().ToList();
            Assert.Equal(2, updates.Count);
            Assert.All(updates, u => Assert.Equal(first.ValueId, u.ValueId));
            var html = updates[^1].FormattedValues.Single(f => f.MimeType == "text/html").Value;
            Assert.Contains("id=\"mlnb-deploy-bc-latency\"", html);
            Assert.Contains("id=\"mlnb-deploy-bc-throughput\"", html);
            Assert.Contains("<td>3</td><td>1</td>", html); // requests, errors
            Assert.StartsWith("requests | errors | req/s | p50 ms | p99 ms | over the last\n3 | 1 | ", updates[^1].FormattedValues.Single(f => f.MimeType == "text/plain").Value.Split('\n', 2)[1]);

            var stopped = await k.SubmitAsync("#!deploy stop bc");
            stopped.Succeeded();
            Assert.Contains("stopped 1 server(s); their ports are free", stopped.Displayed("text/plain"));
            Assert.True(ProcessIsGone(pid));
            Assert.True(PortIsFree(port));
            Assert.Equal("servers started from this kernel (start one with `#!deploy start models:/NAME@ALIAS`): nothing", (await k.SubmitAsync("#!deploy status")).Displayed("text/plain"));
        }
        finally
        {
            await k.SubmitAsync("#!deploy stop --all");
        }
    }

    [Fact]
    public async Task Start_OnAPortInUse_FailsNamingThePort()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var failure = (await k.SubmitAsync($"#!deploy start models:/cancer@production --port {port}")).Failure();
            Assert.StartsWith($"port {port} on 127.0.0.1 is in use", failure);
            Assert.EndsWith("choose another with --port, or leave --port out to pick a free one", failure);
        }
        finally { taken.Stop(); }
    }

    [Theory]
    [InlineData("models:/nope@production", "registered model 'nope' does not exist")]
    [InlineData("models:/cancer@staging", "model 'cancer' has no alias 'staging' (it has production); set it with `mlnb models promote cancer --version N --to staging`")]
    [InlineData("models:/cancer/9", "model 'cancer' has no version 9")]
    [InlineData("cancer", "model URI 'cancer' is not valid; write models:/NAME@ALIAS")]
    public async Task Start_OfAnUnknownModelOrAlias_FailsWithTheRegistrysMessage(string uri, string expected)
    {
        var failure = (await k.SubmitAsync($"#!deploy start {uri}")).Failure();
        Assert.StartsWith(expected, failure);
    }

    [Fact]
    public async Task Start_WhenTheServerExitsFirst_FailsWithItsOneLineError()
    {
        var failure = (await k.SubmitAsync("#!deploy start models:/broken@production")).Failure();
        Assert.StartsWith("the model file of 'broken' version 1 (", failure);
        Assert.EndsWith("pull it or register the model again", failure);
        Assert.DoesNotContain("\n", failure, StringComparison.Ordinal);
        Assert.Equal("no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`", (await k.SubmitAsync("#!deploy stop")).Failure());
    }

    [Theory]
    [InlineData("#!deploy stop", "no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`")]
    [InlineData("#!deploy stop --all", "no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`")]
    [InlineData("#!deploy metrics", "no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`")]
    [InlineData("#!deploy start models:/cancer@production --prot 8080", "unknown option '--prot' for #!deploy start; valid options: --model, --port, --name")]
    [InlineData("#!deploy stop bc --force", "unknown option '--force' for #!deploy stop; valid options: --name, --all")]
    [InlineData("#!deploy restart", "unknown subcommand 'restart' for #!deploy; use one of: start, status, metrics, stop")]
    [InlineData("#!deploy start models:/cancer@production --port 70000", "--port 70000 is not a TCP port; give 1-65535, or 0 (or nothing) for a free one")]
    public async Task BadInput_FailsNamingTheFix(string cell, string expected)
    {
        var failure = (await k.SubmitAsync(cell)).Failure();
        Assert.Equal(expected, failure);
    }

    [Fact]
    public async Task NotebookRun_StartsQueriesAndStops_AndTheKernelStopsWhatIsLeft()
    {
        int stoppedPort = FreePort(), leftPort = FreePort();
        var dib = Path.Combine(k.Dir, "deploy.dib");
        await File.WriteAllTextAsync(dib, $$""""
            #!csharp

            #!deploy start models:/cancer@production --port {{stoppedPort}}
            #!deploy start models:/cancer@production --port {{leftPort}} --name left

            #!csharp

            var http = new System.Net.Http.HttpClient();
            var body = new System.Net.Http.StringContent("""{{Body()}}""", System.Text.Encoding.UTF8, "application/json");
            var answer = await http.PostAsync("http://127.0.0.1:{{stoppedPort}}/v2/models/cancer/infer", body);
            Console.WriteLine($"HTTP {(int)answer.StatusCode}");

            #!csharp

            #!deploy status

            #!csharp

            #!deploy stop cancer
            """");
        var out_ = Path.Combine(k.Dir, "deploy.out.ipynb");
        var run = await MlnbProcess.RunAsync(k.Dir, "notebook", "run", dib, "-o", out_, "-q");
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var outputs = JsonNode.Parse(await File.ReadAllTextAsync(out_))!["cells"]!.AsArray()
            .Select(c => string.Concat(c!["outputs"]!.AsArray().Select(o => Text(o!["text"]) ?? Text(o!["data"]?["text/plain"]) ?? ""))).ToList();
        Assert.Contains($"serving models:/cancer@production (version 1) at http://127.0.0.1:{stoppedPort}/v2/models/cancer/infer", outputs[0]);
        Assert.Contains($"left | models:/cancer@production | 1 | http://127.0.0.1:{leftPort}/", outputs[0]);
        Assert.Contains("HTTP 200", outputs[1]);
        Assert.Matches($@"cancer \| models:/cancer@production \| 1 \| http://127\.0\.0\.1:{stoppedPort}/ \| \d+ \| running \| [^|]+ \| 1 \| 0 \|", outputs[2]);
        Assert.Matches($@"left \| models:/cancer@production \| 1 \| http://127\.0\.0\.1:{leftPort}/ \| \d+ \| running \| [^|]+ \| 0 \| 0 \|", outputs[2]);
        Assert.Contains("stopped 1 server(s); their ports are free", outputs[3]);
        // `stop` freed its port; the one left running was stopped when the runner disposed its kernel and exited.
        Assert.True(PortIsFree(stoppedPort));
        Assert.True(PortIsFree(leftPort));
    }

    [Fact]
    public async Task Serve_StopsByItself_WhenTheProcessThatStartedItIsGone()
    {
        // What a killed kernel leaves behind: its servers notice and stop (the kernel sets the variable for them).
        using var parent = Process.Start(new ProcessStartInfo("sleep", "2"))!;
        var port = FreePort();
        var run = MlnbProcess.RunAsync(k.Dir, new Dictionary<string, string?> { ["MLNB_SERVE_PARENT_PID"] = parent.Id.ToString(CultureInfo.InvariantCulture) },
            "serve", "models:/cancer@production", "--port", port.ToString(CultureInfo.InvariantCulture));
        await parent.WaitForExitAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))); // a hang guard, not a timing
        Assert.True(finished == run, "mlnb serve kept running after its parent exited");
        var result = await run;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"parent process {parent.Id} is gone; stopping", result.Stderr);
        Assert.Contains($"at http://127.0.0.1:{port}/v2/models/cancer", result.Stdout);
        Assert.True(PortIsFree(port));
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v => (string?)v,
        _ => null,
    };
}
