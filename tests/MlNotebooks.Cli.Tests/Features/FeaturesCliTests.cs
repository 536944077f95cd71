using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Features;

/// <summary>`mlnb features …` as a user types it: a DVC-tracked source, apply, a training set with lineage, materialize, online lookups, bad input.</summary>
public sealed class FeaturesCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    private const string Yaml = """
        project: shop
        entities:
          - name: customer
            join_keys: [customer_id]
        sources:
          - name: orders
            path: data/orders.csv
            timestamp_field: event_timestamp
            created_timestamp_column: created
        feature_views:
          - name: customer_orders
            entities: [customer]
            ttl: 1d
            source: orders
            schema:
              - {name: orders_7d, dtype: Int64}
              - {name: spend_7d, dtype: Float64}
        """;

    public FeaturesCliTests()
    {
        Directory.CreateDirectory(_dir.File("data"));
        File.WriteAllText(_dir.File("data/orders.csv"), """
            customer_id,event_timestamp,created,orders_7d,spend_7d
            7,2024-05-01 00:00:00,2024-05-01 00:00:00,3,42.5
            7,2024-05-02 00:00:00,2024-05-02 00:00:00,4,50.0
            7,2024-05-02 00:00:00,2024-05-02 06:00:00,5,61.0
            8,2024-05-01 00:00:00,2024-05-01 00:00:00,1,9.9
            """.Replace("\r", "") + "\n");
        File.WriteAllText(_dir.File("features.yaml"), Yaml);
        File.WriteAllText(_dir.File("entities.csv"), "customer_id,event_timestamp\n7,2024-05-02 12:00:00\n8,2024-05-02 12:00:00\n9,2024-05-02 12:00:00\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TrackedSource_TrainingSet_Lineage_Materialize_AndOnlineLookup()
    {
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "init")).ExitCode);
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "data", "add", "data/orders.csv")).ExitCode);
        var md5 = File.ReadAllText(_dir.File("data/orders.csv.dvc")).Split("md5: ")[1][..32];

        var apply = await MlnbProcess.RunAsync(_dir.Path, "features", "apply");
        Assert.Equal(0, apply.ExitCode);
        Assert.Contains($"Registered feature view customer_orders (2 features, ttl 1d, data/orders.csv, data version {md5[..8]})", apply.Out);

        var runId = (await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "-e", "features")).Out;
        var hist = await MlnbProcess.RunAsync(_dir.Path, "features", "get-historical", "--entities", "entities.csv", "--features", "customer_orders", "--output", "train.csv", "--run", runId);
        Assert.Equal(0, hist.ExitCode);
        Assert.Contains("Wrote 3 rows x 2 features (orders_7d, spend_7d) to train.csv", hist.Out);
        // 7: the later created of the two 05-02 rows; 8: 05-01 is 36 h old, outside the 1-day ttl; 9: unknown.
        Assert.Equal(["customer_id,event_timestamp,orders_7d,spend_7d", "7,2024-05-02 12:00:00,5,61.0", "8,2024-05-02 12:00:00,,", "9,2024-05-02 12:00:00,,"],
            File.ReadAllLines(_dir.File("train.csv")));
        var show = await MlnbProcess.RunAsync(_dir.Path, "runs", "show", runId, "--json");
        Assert.Contains(md5, show.Stdout);
        Assert.Contains("feature_view", show.Stdout);

        var mat = await MlnbProcess.RunAsync(_dir.Path, "features", "materialize", "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z");
        Assert.Equal(0, mat.ExitCode);
        Assert.Contains("customer_orders: 2 entities", mat.Out);
        var online = await MlnbProcess.RunAsync(_dir.Path, "features", "get-online", "--features", "customer_orders:spend_7d", "--entity", "customer_id=7,9");
        Assert.Equal(0, online.ExitCode);
        var json = System.Text.Json.JsonDocument.Parse(online.Stdout).RootElement;
        Assert.Equal("61,null", string.Join(",", json.GetProperty("results")[1].GetProperty("values").EnumerateArray().Select(v => v.GetRawText())));
    }

    [Theory]
    [InlineData(3, "feature 'spend' is not in feature view 'customer_orders'; its features: orders_7d, spend_7d", "get-online", "--features", "customer_orders:spend", "--entity", "customer_id=7")]
    [InlineData(2, "--entity 'customer_id' is not KEY=VALUES; write e.g. driver_id=1001,1002", "get-online", "--features", "customer_orders", "--entity", "customer_id")]
    [InlineData(2, "END 'yesterday' is not a time; write ISO 8601 in UTC, e.g. 2024-01-01T12:00:00Z", "materialize-incremental", "yesterday")]
    [InlineData(3, "'missing.yaml' does not exist; write a features.yaml (see docs/features.md) or pass --repo PATH", "apply", "--repo", "missing.yaml")]
    public async Task BadInput_IsOneLineAndANonZeroExit(int exit, string message, params string[] args)
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, ["features", .. args]);
        Assert.Equal(exit, r.ExitCode);
        Assert.Equal("error: " + message, r.Stderr.Trim());
        Assert.False(File.Exists(_dir.File(".mlnb/features/registry.json")));
    }

    [Fact]
    public async Task ProfilePerDataVersion_ThenDriftBetweenVersions()
    {
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "init")).ExitCode);
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "data", "add", "data/orders.csv")).ExitCode);
        var v1 = File.ReadAllText(_dir.File("data/orders.csv.dvc")).Split("md5: ")[1][..8];
        var first = await MlnbProcess.RunAsync(_dir.Path, "features", "profile", "customer_orders");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains($"Profiled customer_orders at data version {v1} (4 rows of data/orders.csv)", first.Out);
        Assert.Contains("was profiled already", (await MlnbProcess.RunAsync(_dir.Path, "features", "profile", "customer_orders")).Out);

        File.AppendAllText(_dir.File("data/orders.csv"), "9,2024-05-03 00:00:00,2024-05-03 00:00:00,40,900.0\n9,2024-05-04 00:00:00,2024-05-04 00:00:00,50,990.0\n");
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "data", "add", "data/orders.csv")).ExitCode);
        var v2 = File.ReadAllText(_dir.File("data/orders.csv.dvc")).Split("md5: ")[1][..8];
        Assert.Contains($"Profiled customer_orders at data version {v2} (6 rows", (await MlnbProcess.RunAsync(_dir.Path, "features", "profile", "customer_orders")).Out);
        var list = await MlnbProcess.RunAsync(_dir.Path, "features", "profile", "customer_orders", "--list");
        Assert.Equal([v1, v2], list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..8]));

        var drift = await MlnbProcess.RunAsync(_dir.Path, "features", "drift", "customer_orders", "--from", v1, "--to", "latest", "--json");
        Assert.True(drift.ExitCode == 0, drift.Stderr);
        var report = System.Text.Json.JsonDocument.Parse(drift.Stdout).RootElement;
        Assert.Equal(4, report.GetProperty("reference_rows").GetInt32());
        Assert.Equal(6, report.GetProperty("current_rows").GetInt32());

        var bad = await MlnbProcess.RunAsync(_dir.Path, "features", "drift", "customer_orders", "--from", "0000");
        Assert.Equal(3, bad.ExitCode);
        Assert.Equal($"error: --from '0000' matches no profiled versions of 'customer_orders' ({v1}, {v2}); give a longer prefix, latest, or a window START..END", bad.Stderr.Trim());
    }

    [Fact]
    public async Task EntityFileWithoutTimestamp_WritesNoOutput()
    {
        File.WriteAllText(_dir.File("keys.csv"), "customer_id\n7\n");
        var r = await MlnbProcess.RunAsync(_dir.Path, "features", "get-historical", "--entities", "keys.csv", "--features", "customer_orders", "--output", "out.parquet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no timestamp column; add an 'event_timestamp' column (UTC)", r.Stderr);
        Assert.False(File.Exists(_dir.File("out.parquet")));
    }
}
