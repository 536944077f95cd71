using MlNotebooks.Data;

namespace MlNotebooks.Tests.Data;

/// <summary>Against a real S3-compatible server (s3rver) that ./test.sh starts on 127.0.0.1 (scripts/services/30-s3.sh).</summary>
public sealed class S3RemoteTests
{
    private static string Endpoint => Environment.GetEnvironmentVariable("MLNB_TEST_S3_ENDPOINT")
        ?? throw new InvalidOperationException("MLNB_TEST_S3_ENDPOINT is not set: run the tests with ./test.sh, which starts s3rver on 127.0.0.1 and sets it");

    private static string Bucket => Environment.GetEnvironmentVariable("MLNB_TEST_S3_BUCKET") ?? "mlnb-test";

    private static async Task<DataProject> ProjectAsync(string endpoint, string key, string prefix)
    {
        var p = await DataProject.CreateAsync();
        p.CopyTestFile("iris.csv", "data/iris.csv");
        p.CopyTestFile("wine_data.csv", "data/raw/wine.csv");
        await p.Data.AddAsync([p.PathOf("data/iris.csv"), p.PathOf("data/raw")]);
        p.Data.AddRemote("s3", $"s3://{Bucket}/{prefix}", makeDefault: true);
        p.Data.ModifyRemote("s3", "endpointurl", endpoint);
        p.Data.ModifyRemote("s3", "access_key_id", key, local: true);
        p.Data.ModifyRemote("s3", "secret_access_key", "S3RVER", local: true);
        return p;
    }

    [Fact]
    public async Task PushFetchCheckout_ThroughS3_RoundTripsTheData_AndSkipsObjectsAlreadyThere()
    {
        var prefix = "t-" + Guid.NewGuid().ToString("N")[..8];
        await using var p = await ProjectAsync(Endpoint, "S3RVER", prefix);

        var pushed = await p.Data.PushAsync();
        var again = await p.Data.PushAsync();
        Directory.Delete(p.Workspace.Content.ObjectsRoot, recursive: true);
        File.Delete(p.PathOf("data/raw/wine.csv"));
        var (fetched, checkout) = await p.Data.PullAsync();

        Assert.Equal(3, pushed.Transferred); // 2 files + the .dir manifest of data/raw
        Assert.Equal(0, again.Transferred);
        Assert.Equal(3, fetched.Transferred);
        Assert.Equal(1, checkout.Written);
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "TestData", "wine_data.csv")), File.ReadAllBytes(p.PathOf("data/raw/wine.csv")));
    }

    [Fact]
    public async Task WrongCredentials_AreAOneLinePermissionError()
    {
        await using var p = await ProjectAsync(Endpoint, "NOT-A-KEY", "creds");

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.PushAsync());

        Assert.Equal(ErrorCode.PermissionDenied, e.Code);
        Assert.Contains("credentials", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task AnUnreachableEndpoint_IsAOneLineUnavailableError_AndTheCacheIsUntouched()
    {
        await using var p = await ProjectAsync("http://127.0.0.1:9", "S3RVER", "down");
        var before = Directory.EnumerateFiles(p.Workspace.Content.ObjectsRoot, "*", SearchOption.AllDirectories).Count();

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.PushAsync());

        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("unreachable", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Directory.EnumerateFiles(p.Workspace.Content.ObjectsRoot, "*", SearchOption.AllDirectories).Count());
    }
}
