using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>The UI's files as the real server serves them: compressed where it pays, validated by ETag, cached as declared.</summary>
public sealed class UiAssetsTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private HttpClient Client(params string[] encodings)
    {
        var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = fx.BaseAddress };
        foreach (var e in encodings) http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue(e));
        return http;
    }

    [Fact]
    public async Task TheRootPage_IsTheUi_AndRevalidatesByETag()
    {
        using var http = Client();
        var first = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/ui/app.js\">", await first.Content.ReadAsStringAsync());
        Assert.True(first.Headers.CacheControl?.NoCache);

        var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Plotly_IsServedGzippedAsShipped_OrBrotli_AndCachedAsImmutable()
    {
        using var gzip = Client("gzip");
        var gz = await gzip.GetAsync("/ui/vendor/plotly-basic.min.js");
        Assert.Equal("gzip", Assert.Single(gz.Content.Headers.ContentEncoding));
        Assert.Contains("immutable", gz.Headers.CacheControl?.ToString());
        var packed = await gz.Content.ReadAsByteArrayAsync();
        var shipped = await File.ReadAllBytesAsync(Path.Combine(RepoRoot(), "kernel-extensions/MlNotebooks.Interactive/Charts/plotlyjs/plotly-basic-2.28.0.min.js.gz"));
        Assert.Equal(shipped, packed);

        using var identity = Client();
        var plain = await (await identity.GetAsync("/ui/vendor/plotly-basic.min.js")).Content.ReadAsByteArrayAsync();
        using (var z = new GZipStream(new MemoryStream(shipped), CompressionMode.Decompress))
        using (var unpacked = new MemoryStream())
        {
            await z.CopyToAsync(unpacked);
            Assert.Equal(unpacked.ToArray(), plain);
        }

        using var br = Client("br", "gzip");
        var brotli = await br.GetAsync("/ui/vendor/plotly-basic.min.js");
        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        using var decoded = new MemoryStream();
        await using (var b = new BrotliStream(await brotli.Content.ReadAsStreamAsync(), CompressionMode.Decompress)) await b.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
        Assert.True(brotli.Content.Headers.ContentLength < packed.Length, "brotli should beat the shipped gzip");
    }

    [Fact]
    public async Task TheIndexAndEveryModule_AreServed_AndAnUnknownFileIsAnMlflowStyle404()
    {
        using var http = Client();
        foreach (var file in new[] { "app.js", "app.css", "router.js", "api.js", "dom.js", "chart.js", "runs.js", "pages/runs-table.js", "pages/run.js",
                     "pages/compare.js", "pages/chart.js", "pages/models.js", "pages/artifacts.js", "pages/experiments.js", "pages/rollback.js", "vendor/plotly-LICENSE.txt" })
            Assert.True((await http.GetAsync("/ui/" + file)).IsSuccessStatusCode, file);
        var missing = await http.GetAsync("/ui/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheIndex_PreloadsEveryModule_SoTheFirstVisitHasNoImportWaterfall()
    {
        using var http = Client();
        var index = await http.GetStringAsync("/");
        var modules = MlNotebooks.Server.Ui.UiAssets.Shared.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal) && !p.StartsWith("vendor/", StringComparison.Ordinal)).ToList();
        Assert.Contains("app.js", modules);
        foreach (var m in modules) Assert.Contains($"<link rel=\"modulepreload\" href=\"/ui/{m}\">", index);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above the test binaries");
    }
}
