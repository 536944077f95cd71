using MlNotebooks.Interactive.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Tests;

[Collection(KernelCollection.Name)]
public sealed class RegistryMagicTests
{
    private const string Signature =
        """{"inputs":[{"name":"x","datatype":"FP32","shape":[-1,3]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1,1]}]}""";

    private readonly KernelFixture k;

    public RegistryMagicTests(KernelFixture fixture)
    {
        k = fixture;
        TrackingSession.Shared.EndAllAsync(RunStatus.Killed).GetAwaiter().GetResult(); // no run left over from another test
    }

    /// <summary>Starts a run and logs a fake model package (any bytes as model.onnx) under <c>model/</c>.</summary>
    private async Task<string> StartRunWithModelAsync(string experiment, bool withSignature = true)
    {
        var dir = Path.Combine(k.Dir, experiment);
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, "model.onnx"), [1, 2, 3, (byte)experiment.Length]);
        await File.WriteAllTextAsync(Path.Combine(dir, "signature.json"), Signature);
        (await k.SubmitAsync($"#!track start --experiment {experiment}")).Succeeded();
        (await k.SubmitAsync($"#!track artifact \"{Path.Combine(dir, "model.onnx")}\" --to model")).Succeeded();
        if (withSignature) (await k.SubmitAsync($"#!track artifact \"{Path.Combine(dir, "signature.json")}\" --to model")).Succeeded();
        return TrackingSession.Shared.Current!.RunId;
    }

    [Fact]
    public void Loading_ShowsHelpNamingEverySubcommand()
    {
        var help = k.LoadEvents.Displayed("text/markdown");
        foreach (var sub in new[] { "register", "list", "show", "promote", "approve", "rollback" })
            Assert.Contains($"#!registry {sub}", help);
    }

    [Fact]
    public async Task RegisterPromoteListShowRollback_GoThroughTheRegistry()
    {
        var runId = await StartRunWithModelAsync("reg-flow");
        var first = await k.SubmitAsync("#!registry register --name churn");
        first.Succeeded();
        Assert.Contains("registered churn version 1", first.Displayed("text/html"));
        (await k.SubmitAsync("#!track end")).Succeeded();
        // From an ended run, by id: a second version of the same package.
        (await k.SubmitAsync($"#!registry register --name churn --run {runId} --artifact model")).Succeeded();

        (await k.SubmitAsync("#!registry promote churn --version 1 --to staging")).Succeeded();
        var promoted = await k.SubmitAsync("#!registry promote churn --version 2 --to staging --reason \"better auc\"");
        promoted.Succeeded();
        Assert.Contains("churn@staging → version 2 (was 1)", promoted.Displayed("text/plain"));
        Assert.Equal(2, (await k.Workspace.Registry.GetModelAsync("churn")).Aliases["staging"]);

        var list = await k.SubmitAsync("#!registry list");
        list.Succeeded();
        Assert.Contains("<td>churn</td><td>2</td><td>@staging=2</td>", list.Displayed("text/html"));

        var show = await k.SubmitAsync("#!registry show churn");
        show.Succeeded();
        var html = show.Displayed("text/html");
        Assert.Contains("<table>", html);
        Assert.Contains("x:FP32[-1,3] → y:FP32[-1,1]", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains(runId[..8], html);

        var rollback = await k.SubmitAsync("#!registry rollback churn --alias staging");
        rollback.Succeeded();
        Assert.Contains("churn@staging → version 1", rollback.Displayed("text/plain"));
        Assert.Equal(1, (await k.Workspace.Registry.GetModelAsync("churn")).Aliases["staging"]);
    }

    [Fact]
    public async Task Approve_RecordsTheVerdict()
    {
        await StartRunWithModelAsync("reg-approve");
        (await k.SubmitAsync("#!registry register --name fraud")).Succeeded();
        var approved = await k.SubmitAsync("#!registry approve fraud --version 1 --reason \"looks good\"");
        approved.Succeeded();
        Assert.Contains("approved fraud version 1 for @production", approved.Displayed("text/plain"));
        (await k.SubmitAsync("#!registry approve fraud --version 1 --for staging --reject")).Succeeded();
        var audit = await k.Workspace.Registry.GetAuditLogAsync("fraud");
        Assert.Equal([("approved", "production", "looks good"), ("rejected", "staging", "rejected")],
            audit.Select(a => (a.Action, a.Alias ?? "", a.Reason)));
    }

    [Fact]
    public async Task PromoteOfAMissingVersion_FailsNamingTheFix()
    {
        await StartRunWithModelAsync("reg-missing");
        (await k.SubmitAsync("#!registry register --name ghost")).Succeeded();
        var failure = (await k.SubmitAsync("#!registry promote ghost --version 7 --to staging")).Failure();
        Assert.Equal("model 'ghost' has no version 7; list its versions with `mlnb models show ghost`", failure);
    }

    [Fact]
    public async Task UnknownOption_FailsNamingTheValidOnes()
    {
        var failure = (await k.SubmitAsync("#!registry promote churn --version 1 --alias staging")).Failure();
        Assert.Equal("unknown option '--alias' for #!registry promote; valid options: --name, --version, --to, --reason", failure);
    }

    [Fact]
    public async Task RegisterWithoutSignature_FailsNamingTheFix()
    {
        var runId = await StartRunWithModelAsync("reg-nosig", withSignature: false);
        var failure = (await k.SubmitAsync("#!registry register --name nosig")).Failure();
        Assert.StartsWith($"run {runId} has no 'model/signature.json'; the notebook does not read ONNX signatures", failure);
    }

    [Fact]
    public async Task RegisterWithoutRun_FailsNamingTheFix()
    {
        var failure = (await k.SubmitAsync("#!registry register --name orphan")).Failure();
        Assert.StartsWith("no run is active; start one with `#!track start", failure);
    }
}
