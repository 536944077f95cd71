using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    private async Task<Dictionary<string, string>> SeedSearchRunsAsync()
    {
        var ids = new Dictionary<string, string>();
        async Task Add(string name, double acc, string lr, string team, RunStatus status)
        {
            var r = await Client.CreateRunAsync("search", name);
            await Client.LogBatchAsync(r.RunId, [new Metric("acc", acc, 1, 0)], [new Param("lr", lr)], [new RunTag("team", team)]);
            if (status != RunStatus.Running) await Client.EndRunAsync(r.RunId, status);
            ids[name] = r.RunId;
        }
        await Add("a", 0.95, "0.01", "vision", RunStatus.Finished);
        await Add("b", 0.80, "0.01", "Vision-Lab", RunStatus.Finished);
        await Add("c", 0.91, "0.1", "nlp", RunStatus.Failed);
        await Add("d", 0.60, "0.1", "vision", RunStatus.Running);
        return ids;
    }

    private async Task<string[]> NamesAsync(string? filter, params string[] orderBy)
    {
        var page = await Client.SearchRunsAsync(["search"], filter, orderBy.Length > 0 ? orderBy : ["attributes.run_name ASC"]);
        return page.Items.Select(r => r.Info.RunName).ToArray();
    }

    [Fact]
    public async Task Search_MetricAndParam_WithAnd()
    {
        await SeedSearchRunsAsync();
        Assert.Equal(["a"], await NamesAsync("metrics.acc > 0.9 AND params.lr = '0.01'"));
    }

    [Fact]
    public async Task Search_OrAndParentheses()
    {
        await SeedSearchRunsAsync();
        Assert.Equal(["a", "c", "d"], await NamesAsync("metrics.acc >= 0.9 OR (params.lr = '0.1' AND tags.team = 'vision')"));
        Assert.Equal(["a", "c"], await NamesAsync("(metrics.acc >= 0.9 OR tags.team = 'nlp') AND attributes.status != 'RUNNING'"));
    }

    [Fact]
    public async Task Search_LikeIsCaseSensitive_ILikeIsNot()
    {
        await SeedSearchRunsAsync();
        Assert.Equal(["a", "d"], await NamesAsync("tags.team LIKE 'vis%'"));
        Assert.Equal(["a", "b", "d"], await NamesAsync("tags.team ILIKE 'vis%'"));
        Assert.Equal(["b"], await NamesAsync("tags.team LIKE '%-L_b'"));
    }

    [Fact]
    public async Task Search_Attributes_StatusNameAndIn()
    {
        var ids = await SeedSearchRunsAsync();
        Assert.Equal(["a", "b"], await NamesAsync("attributes.status = 'FINISHED'"));
        Assert.Equal(["c"], await NamesAsync("status = 'failed'"));
        Assert.Equal(["b", "c"], await NamesAsync("attributes.run_name IN ('b', 'c')"));
        Assert.Equal(["a", "d"], await NamesAsync($"attributes.run_id NOT IN ('{ids["b"]}', '{ids["c"]}')"));
        Assert.Equal(["a", "b", "c", "d"], await NamesAsync("attributes.start_time > 0"));
    }

    [Fact]
    public async Task Search_OrderByMetric_Descending_MissingLast()
    {
        await SeedSearchRunsAsync();
        var extra = await Client.CreateRunAsync("search", "no-metric");
        Assert.Equal(["a", "c", "b", "d", "no-metric"], await NamesAsync(null, "metrics.acc DESC"));
        Assert.Equal(["d", "b", "c", "a", "no-metric"], await NamesAsync(null, "metrics.acc"));
        Assert.Equal(extra.RunId, (await Client.SearchRunsAsync(["search"], orderBy: ["params.lr DESC", "metrics.acc DESC"])).Items[^1].RunId);
    }

    [Fact]
    public async Task Search_PagesWithTokens_WithoutDuplicates()
    {
        await SeedSearchRunsAsync();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Client.SearchRunsAsync(["search"], orderBy: ["metrics.acc DESC"], maxResults: 3, pageToken: token);
            seen.AddRange(page.Items.Select(r => r.Info.RunName));
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(["a", "c", "b", "d"], seen);
    }

    [Theory]
    [InlineData("metrics.acc >> 0.9", "character 14")]
    [InlineData("metrics.acc > 'high'", "numeric")]
    [InlineData("params.lr = 0.01", "quoted string")]
    [InlineData("foo.bar = '1'", "unknown entity 'foo'")]
    [InlineData("metrics.acc > 0.9 AND", "at the end")]
    [InlineData("(metrics.acc > 0.9", "to close the '('")]
    [InlineData("params.lr = 'unterminated", "never closed")]
    [InlineData("metrics.acc LIKE '0.9'", "cannot be compared with LIKE")]
    [InlineData("attributes.colour = 'red'", "unknown attribute 'colour'")]
    [InlineData("metrics.acc > 0.9 params.lr = '1'", "expected AND, OR")]
    public async Task Search_InvalidFilter_PointsAtTheBadToken(string filter, string expected)
    {
        await SeedSearchRunsAsync();
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.SearchRunsAsync(["search"], filter));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith("invalid filter at character", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task Search_BadPageTokenAndOrderBy_AreClearErrors()
    {
        var token = await Assert.ThrowsAsync<MlnbException>(() => Client.SearchRunsAsync(["search-none"], pageToken: "garbage"));
        Assert.Contains("not found", token.Message.Replace("does not exist", "not found"));
        await Client.CreateExperimentAsync("search-none");
        var bad = await Assert.ThrowsAsync<MlnbException>(() => Client.SearchRunsAsync(["search-none"], pageToken: "garbage"));
        Assert.Contains("page token", bad.Message);
        var order = await Assert.ThrowsAsync<MlnbException>(() => Client.SearchRunsAsync(["search-none"], orderBy: ["nonsense.x DESC"]));
        Assert.Contains("invalid order_by", order.Message);
    }

    [Fact]
    public async Task Search_QuotedKeys_WithSpaces()
    {
        var r = await Client.CreateRunAsync("search-q", "q");
        await Client.LogBatchAsync(r.RunId, [new Metric("f1 score", 0.7, 1, 0)], [new Param("my param", "x")]);
        Assert.Single((await Client.SearchRunsAsync(["search-q"], "metrics.`f1 score` > 0.5 AND params.\"my param\" = 'x'")).Items);
    }
}
