using System.Text.Json;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Hosting;

[Collection(ServingCollection.Name)]
public sealed class CandidateTests(TrainedModels models)
{
    private static async Task<List<(int Status, string? Variant, string Version)>> SendAsync(ServingWorld w, ModelServer server, int count)
    {
        var url = new Uri(server.BaseAddress, "v2/models/cancer/infer");
        var body = ServingWorld.V2Body(w.Rows(1)).ToJsonString();
        var answers = new List<(int, string?, string)>();
        for (var i = 0; i < count; i++)
        {
            var (status, answer, variant) = await w.PostAsync(url, body);
            answers.Add((status, variant, answer?["model_version"]?.GetValue<string>() ?? "?"));
        }
        return answers;
    }

    [Fact]
    public async Task Canary_AnswersItsShareOfTraffic_WithPerVariantMetrics()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Other);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        await w.Registry.PromoteAsync("cancer", 2, "candidate");
        var server = await w.ServeAsync("models:/cancer@production", o => o with { Candidate = new CandidateOptions { ModelUri = "models:/cancer@candidate", Share = 0.25 } });
        var answers = await SendAsync(w, server, 40);
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(10, answers.Count(a => a.Variant == "canary" && a.Version == "2"));
        Assert.Equal(30, answers.Count(a => a.Variant == "primary" && a.Version == "1"));
        var metrics = await w.MetricsAsync(server);
        Assert.Contains("mlnb_inference_requests_total{model=\"cancer\",version=\"2\",variant=\"canary\",protocol=\"v2\",outcome=\"ok\"} 10", metrics);
        Assert.Contains("mlnb_inference_requests_total{model=\"cancer\",version=\"1\",variant=\"primary\",protocol=\"v2\",outcome=\"ok\"} 30", metrics);
        Assert.Contains("mlnb_inference_request_duration_seconds_count{model=\"cancer\",version=\"2\",variant=\"canary\"} 10", metrics);
        var meta = (await w.GetAsync(new Uri(server.BaseAddress, "v2/models/cancer"))).Body!;
        Assert.Equal(["1", "2"], meta["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("canary", meta["parameters"]!["candidate_mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Canary_ClientMistakes_AreAnswered400ByThePrimary_AndNotChargedToTheCanary()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Other);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var server = await w.ServeAsync("models:/cancer@production", o => o with
        {
            Candidate = new CandidateOptions { ModelUri = "models:/cancer/2", Share = 1.0, MaxErrorRate = 0.1, MinRequests = 2 },
        });
        for (var i = 0; i < 5; i++)
            Assert.Equal(400, (await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), "{\"inputs\":[]}")).Status);
        var answers = await SendAsync(w, server, 3);
        Assert.All(answers, a => Assert.Equal((200, "canary", "2"), (a.Status, a.Variant, a.Version)));
        Assert.DoesNotContain(await w.Registry.GetAuditLogAsync("cancer"), a => a.Action == AuditActions.CandidateRolledBack);
    }

    [Fact]
    public async Task Canary_FailingRequests_IsRolledBackAutomatically_ClientsStillAnswered_AndAudited()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Narrow, features: 10);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var server = await w.ServeAsync("models:/cancer@production", o => o with
        {
            Candidate = new CandidateOptions { ModelUri = "models:/cancer/2", Share = 0.5, MaxErrorRate = 0.2, MinRequests = 4, Window = TimeSpan.FromMinutes(5) },
        });
        var answers = await SendAsync(w, server, 30);
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.All(answers, a => Assert.Equal("1", a.Version));
        await ServingWorld.UntilAsync(async () => (await w.Registry.GetAuditLogAsync("cancer")).Any(a => a.Action == AuditActions.CandidateRolledBack), "the rollback is audited");
        var entry = (await w.Registry.GetAuditLogAsync("cancer")).Single(a => a.Action == AuditActions.CandidateRolledBack);
        Assert.Equal(2, entry.Version);
        Assert.Contains("canary version 2 of 'cancer' rolled back: error rate 100% (4 of 4 requests", entry.Reason);
        Assert.StartsWith("mlnb-serve@", entry.Actor);
        var metrics = await w.MetricsAsync(server);
        Assert.Contains("mlnb_inference_requests_total{model=\"cancer\",version=\"2\",variant=\"canary\",protocol=\"v2\",outcome=\"invalid\"} 4", metrics);
        Assert.Contains("mlnb_model_loaded{model=\"cancer\",version=\"2\",variant=\"canary\"} 0", metrics);
        var meta = (await w.GetAsync(new Uri(server.BaseAddress, "v2/models/cancer"))).Body!;
        Assert.Equal(["1"], meta["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Shadow_MirrorsEveryRequest_RecordsBothPredictions_AndAnswersFromThePrimary()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Other);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var log = w.TempFile("shadow.jsonl");
        var server = await w.ServeAsync("models:/cancer@production", o => o with
        {
            Candidate = new CandidateOptions { ModelUri = "models:/cancer/2", Mode = CandidateMode.Shadow, ShadowLogPath = log, MinRequests = 1000 },
        });
        var answers = await SendAsync(w, server, 12);
        Assert.All(answers, a => Assert.Equal((200, "primary", "1"), (a.Status, a.Variant, a.Version)));
        await ServingWorld.UntilAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllLines(log).Length == 12), "12 comparisons are recorded");
        foreach (var line in File.ReadAllLines(log))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.Equal((1, 2), (r.GetProperty("primary_version").GetInt32(), r.GetProperty("shadow_version").GetInt32()));
            Assert.Equal("PredictedLabel.output", r.GetProperty("primary")[0].GetProperty("name").GetString());
            Assert.Equal("PredictedLabel.output", r.GetProperty("shadow")[0].GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Number, r.GetProperty("shadow")[1].GetProperty("data")[0].ValueKind);
        }
        var metrics = await w.MetricsAsync(server);
        Assert.Contains("variant=\"shadow\",protocol=\"mirror\",outcome=\"ok\"} 12", metrics);
        Assert.Matches("mlnb_shadow_comparisons_total\\{model=\"cancer\",version=\"2\",agree=\"(true|false)\"\\} \\d+", metrics);
    }

    [Fact]
    public async Task Shadow_OverItsLatencyBudget_IsRolledBackAutomatically()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Other);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        // A budget no real call can meet: every mirrored request breaches it.
        var server = await w.ServeAsync("models:/cancer@production", o => o with
        {
            Candidate = new CandidateOptions { ModelUri = "models:/cancer/2", Mode = CandidateMode.Shadow, MaxP99Latency = TimeSpan.FromTicks(1), MinRequests = 5 },
        });
        await SendAsync(w, server, 8);
        await ServingWorld.UntilAsync(async () => (await w.Registry.GetAuditLogAsync("cancer")).Any(a => a.Action == AuditActions.CandidateRolledBack), "the rollback is audited");
        var entry = (await w.Registry.GetAuditLogAsync("cancer")).Single(a => a.Action == AuditActions.CandidateRolledBack);
        Assert.Contains("shadow version 2 of 'cancer' rolled back: p99 latency", entry.Reason);
        Assert.Contains("exceeds 0 ms", entry.Reason);
        var after = await SendAsync(w, server, 3);
        Assert.All(after, a => Assert.Equal((200, "1"), (a.Status, a.Version)));
    }
}
