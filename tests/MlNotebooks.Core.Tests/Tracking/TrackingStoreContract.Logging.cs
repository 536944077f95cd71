using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    [Fact]
    public async Task LogBatch_StoresParamsMetricsAndTags()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogBatchAsync(run.RunId,
            [new Metric("loss", 0.5, 1000, 0), new Metric("loss", 0.25, 2000, 1), new Metric("acc", 0.9, 2000, 1)],
            [new Param("lr", "0.01"), new Param("layers", "3")],
            [new RunTag("team", "cv")]);
        var stored = await Client.GetRunAsync(run.RunId);
        Assert.Equal("0.01", stored.Param("lr"));
        Assert.Equal("3", stored.Param("layers"));
        Assert.Equal(0.25, stored.Metric("loss"));
        Assert.Equal(0.9, stored.Metric("acc"));
        Assert.Equal("cv", stored.Tag("team"));
    }

    [Fact]
    public async Task MetricHistory_KeepsEveryPoint_InStepOrder()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogBatchAsync(run.RunId, [new Metric("loss", 3, 30, 2), new Metric("loss", 1, 10, 0), new Metric("loss", 2, 20, 1), new Metric("loss", 2.5, 20, 1)]);
        var history = await Client.GetMetricHistoryAsync(run.RunId, "loss");
        Assert.Equal([1.0, 2.0, 2.5, 3.0], history.Select(h => h.Value));
        Assert.Equal([0L, 1L, 1L, 2L], history.Select(h => h.Step));
        Assert.Equal([10L, 20L, 20L, 30L], history.Select(h => h.Timestamp));
    }

    [Fact]
    public async Task LogBatch_TheSamePointAgain_IsStoredOnce_SoARetriedBatchDuplicatesNothing()
    {
        var run = await Client.CreateRunAsync("exp");
        IReadOnlyList<Metric> batch = [new Metric("loss", 1, 10, 0), new Metric("loss", double.NaN, 20, 1), new Metric("acc", 0.5, 20, 1)];
        await Client.LogBatchAsync(run.RunId, batch, [new Param("lr", "0.1")], [new RunTag("t", "x")]);
        // The same batch again, as a client does when the answer to a committed write was lost.
        await Client.LogBatchAsync(run.RunId, batch, [new Param("lr", "0.1")], [new RunTag("t", "x")]);
        Assert.Equal(2, (await Client.GetMetricHistoryAsync(run.RunId, "loss")).Count);
        Assert.Single(await Client.GetMetricHistoryAsync(run.RunId, "acc"));
        // A point that differs in value, timestamp or step is a new point.
        await Client.LogBatchAsync(run.RunId, [new Metric("acc", 0.6, 20, 1), new Metric("acc", 0.5, 21, 1), new Metric("acc", 0.5, 20, 2)]);
        Assert.Equal(4, (await Client.GetMetricHistoryAsync(run.RunId, "acc")).Count);
    }

    [Fact]
    public async Task LatestMetric_IsHighestStep_EvenWhenLoggedOutOfOrder()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogBatchAsync(run.RunId, [new Metric("m", 5, 100, 5)]);
        await Client.LogBatchAsync(run.RunId, [new Metric("m", 1, 200, 1)]);
        Assert.Equal(5, (await Client.GetRunAsync(run.RunId)).Metric("m"));
        await Client.LogBatchAsync(run.RunId, [new Metric("m", 7, 300, 5)]);
        Assert.Equal(7, (await Client.GetRunAsync(run.RunId)).Metric("m"));
    }

    [Fact]
    public async Task NaNAndInfinities_AreStoredAsSuch()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogBatchAsync(run.RunId, [new Metric("nan", double.NaN, 1, 0), new Metric("pinf", double.PositiveInfinity, 1, 0), new Metric("ninf", double.NegativeInfinity, 1, 0)]);
        var stored = await Client.GetRunAsync(run.RunId);
        Assert.True(double.IsNaN(stored.Metric("nan")!.Value));
        Assert.Equal(double.PositiveInfinity, stored.Metric("pinf"));
        Assert.Equal(double.NegativeInfinity, stored.Metric("ninf"));
        Assert.True(double.IsNaN(Assert.Single(await Client.GetMetricHistoryAsync(run.RunId, "nan")).Value));
    }

    [Fact]
    public async Task Param_SameValueAgain_IsAccepted_OtherValue_IsRejected_AndBatchIsAtomic()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogParamAsync(run.RunId, "lr", "0.01");
        await Client.LogParamAsync(run.RunId, "lr", "0.01");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.LogBatchAsync(run.RunId,
            [new Metric("loss", 1, 1, 0)], [new Param("batch", "32"), new Param("lr", "0.1")], [new RunTag("t", "x")]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("write-once", e.Message);
        Assert.Contains("'0.01'", e.Message);
        var stored = await Client.GetRunAsync(run.RunId);
        Assert.Null(stored.Param("batch"));
        Assert.Null(stored.Tag("t"));
        Assert.Empty(stored.Metrics);
        Assert.Empty(await Client.GetMetricHistoryAsync(run.RunId, "loss"));
    }

    [Fact]
    public async Task Tags_AreOverwritable_AndDeletable()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.SetTagAsync(run.RunId, "stage", "a");
        await Client.SetTagAsync(run.RunId, "stage", "b");
        Assert.Equal("b", (await Client.GetRunAsync(run.RunId)).Tag("stage"));
        await Store.DeleteTagAsync(run.RunId, "stage");
        Assert.Null((await Client.GetRunAsync(run.RunId)).Tag("stage"));
        await Assert.ThrowsAsync<MlnbException>(() => Store.DeleteTagAsync(run.RunId, "stage"));
    }

    [Fact]
    public async Task RunNameTag_RenamesTheRun()
    {
        var run = await Client.CreateRunAsync("exp", "old");
        await Client.SetTagAsync(run.RunId, SystemTags.RunName, "new");
        Assert.Equal("new", (await Client.GetRunAsync(run.RunId)).Info.RunName);
    }

    [Theory]
    [InlineData("bad key!")]
    [InlineData("a\\b")]
    [InlineData("../escape")]
    [InlineData("/abs")]
    [InlineData("")]
    public async Task Keys_MlflowRejects_AreRejected_AndNothingIsWritten(string key)
    {
        var run = await Client.CreateRunAsync("exp");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.LogBatchAsync(run.RunId, [new Metric("ok", 1, 1, 0), new Metric(key, 1, 1, 0)]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Empty((await Client.GetRunAsync(run.RunId)).Metrics);
    }

    [Fact]
    public async Task ValuesOverMlflowLimits_AreRejected()
    {
        var run = await Client.CreateRunAsync("exp");
        var longKey = await Assert.ThrowsAsync<MlnbException>(() => Client.LogMetricAsync(run.RunId, new string('k', 251), 1));
        Assert.Contains("250", longKey.Message);
        await Client.LogParamAsync(run.RunId, "p_ok", new string('v', 6000));
        var longParam = await Assert.ThrowsAsync<MlnbException>(() => Client.LogParamAsync(run.RunId, "p", new string('v', 6001)));
        Assert.Contains("6000", longParam.Message);
        await Client.SetTagAsync(run.RunId, "t_ok", new string('v', 5000));
        var longTag = await Assert.ThrowsAsync<MlnbException>(() => Client.SetTagAsync(run.RunId, "t", new string('v', 5001)));
        Assert.Contains("5000", longTag.Message);
        var stored = await Client.GetRunAsync(run.RunId);
        Assert.Null(stored.Param("p"));
        Assert.Null(stored.Tag("t"));
    }

    [Fact]
    public async Task LoggingToAFinishedRun_IsRejected_ButTagsStayEditable()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.EndRunAsync(run.RunId);
        var m = await Assert.ThrowsAsync<MlnbException>(() => Client.LogMetricAsync(run.RunId, "late", 1));
        Assert.Equal(ErrorCode.InvalidState, m.Code);
        Assert.Contains("FINISHED", m.Message);
        await Assert.ThrowsAsync<MlnbException>(() => Client.LogParamAsync(run.RunId, "late", "1"));
        await Client.SetTagAsync(run.RunId, "note", "reviewed");
        Assert.Equal("reviewed", (await Client.GetRunAsync(run.RunId)).Tag("note"));
    }

    [Fact]
    public async Task LoggingToAMissingRun_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.LogMetricAsync(new string('f', 32), "m", 1));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
    }

    [Fact]
    public async Task Inputs_AreRecorded_AndFoundByDigest()
    {
        var run = await Client.CreateRunAsync("exp");
        await Client.LogInputsAsync(run.RunId, [new DatasetInput("data/train.csv", "abc123", "dvc", "data/train.csv", "training")]);
        await Client.LogInputsAsync(run.RunId, [new DatasetInput("data/train.csv", "abc123", "dvc", "data/train.csv", "training")]);
        var stored = await Client.GetRunAsync(run.RunId);
        var input = Assert.Single(stored.Inputs);
        Assert.Equal("abc123", input.Digest);
        Assert.Equal([run.RunId], await Store.FindRunsByInputAsync("abc123"));
        var found = await Client.SearchRunsAsync(["exp"], "datasets.digest = 'abc123'");
        Assert.Single(found.Items);
    }
}
