using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using static MlNotebooks.Server.Tests.Support.MlflowSteps;

namespace MlNotebooks.Server.Tests.Tracking;

/// <summary>Our extras under /api/2.0/mlnb/: content by hash, artifact registration, runs by input, lineage.</summary>
public sealed class MlnbApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Mlnb = "/api/2.0/mlnb/";
    private MlflowHttp Http => server.Http;

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<HttpStatusCode> PutContentAsync(string md5, string text)
    {
        using var r = await Http.Client.PutAsync(Mlnb + "content/" + md5, new StringContent(text));
        return r.StatusCode;
    }

    [Fact]
    public async Task Content_IsUploadedOnceByHash_ThenRegisteredAndListedWithItsHash()
    {
        var (_, run) = await Http.NewRunAsync();
        var text = "model bytes " + Guid.NewGuid();
        var md5 = Md5(text);
        var missing = (await Http.PostAsync(Mlnb + "content/missing", new JsonObject { ["md5"] = new JsonArray(md5) })).Ok().Body!["missing"]!.AsArray();
        Assert.Equal([md5], missing.Select(m => m!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, await PutContentAsync(md5, text));
        Assert.Empty((await Http.PostAsync(Mlnb + "content/missing", new JsonObject { ["md5"] = new JsonArray(md5) })).Ok().Body!["missing"]!.AsArray());

        (await Http.PostAsync(Mlnb + "artifacts/log", new JsonObject
        {
            ["run_id"] = run, ["artifacts"] = new JsonArray(new JsonObject { ["path"] = "model/m.bin", ["md5"] = md5, ["file_size"] = text.Length }),
        })).Ok();
        var entry = (await Http.GetAsync(Mlnb + "artifacts/entries", ("run_id", run))).Ok().Body!["artifacts"]![0]!;
        Assert.Equal(("model/m.bin", md5), (entry["path"]!.GetValue<string>(), entry["md5"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Content_WithTheWrongHash_IsRefused_AndRegisteringAbsentContentIs400()
    {
        var (_, run) = await Http.NewRunAsync();
        Assert.Equal(HttpStatusCode.BadRequest, await PutContentAsync(Md5("one"), "two"));
        Assert.Equal(HttpStatusCode.BadRequest, await PutContentAsync("not-a-hash", "x"));
        var absent = Md5("never uploaded " + Guid.NewGuid());
        var a = (await Http.PostAsync(Mlnb + "artifacts/log", new JsonObject
        {
            ["run_id"] = run, ["artifacts"] = new JsonArray(new JsonObject { ["path"] = "x.bin", ["md5"] = absent }),
        })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(absent, a.Message);
        (await Http.PostAsync(Mlnb + "artifacts/log", new JsonObject
        {
            ["run_id"] = run, ["artifacts"] = new JsonArray(new JsonObject { ["path"] = "../x.bin", ["md5"] = absent }),
        })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync(Mlnb + "content/missing", new JsonObject { ["md5"] = new JsonArray("XYZ") })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Empty(await server.Workspace.TrackingStore.ListArtifactsAsync(run, null));
    }

    [Fact]
    public async Task RunsByInput_AndLineage_FollowTheDatasetDigest()
    {
        var (_, run) = await Http.NewRunAsync();
        var digest = Md5("dataset " + Guid.NewGuid());
        (await Http.PostAsync(Api + "runs/log-inputs", new JsonObject
        {
            ["run_id"] = run,
            ["datasets"] = new JsonArray(new JsonObject { ["dataset"] = new JsonObject { ["name"] = "data/train.csv", ["digest"] = digest, ["source_type"] = "local", ["source"] = "data/train.csv" } }),
        })).Ok();
        var ids = (await Http.GetAsync(Mlnb + "runs/by-input", ("digest", digest))).Ok().Body!["run_ids"]!.AsArray();
        Assert.Equal([run], ids.Select(i => i!.GetValue<string>()));
        var graph = (await Http.GetAsync(Mlnb + "lineage", ("ref", run))).Ok().Body!;
        Assert.Contains(graph["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == run);
        Assert.Contains(graph["edges"]!.AsArray(), e => e!["to"]!.GetValue<string>() == run);
        Assert.Contains("'digest'", (await Http.GetAsync(Mlnb + "runs/by-input")).Error(400, "INVALID_PARAMETER_VALUE").Message);
        (await Http.GetAsync(Mlnb + "lineage", ("ref", "0123456789abcdef0123456789abcdef"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }
}
