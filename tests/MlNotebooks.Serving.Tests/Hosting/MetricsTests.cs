using System.Diagnostics;
using MlNotebooks.Serving.Batching;
using MlNotebooks.Serving.Observability;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Hosting;

[Collection(ServingCollection.Name)]
public sealed class MetricsTests(TrainedModels models)
{
    [Fact]
    public async Task Metrics_AfterTraffic_PassPromtoolCheck_AndCoverRequestsLatencyBatchesAndQueueTime()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var server = await w.ServeAsync("models:/cancer/1");
        for (var i = 0; i < 5; i++) await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body(w.Rows(2)).ToJsonString());
        await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), "{\"inputs\":[]}");
        var text = await w.MetricsAsync(server);
        foreach (var name in new[] { "mlnb_inference_requests_total", "mlnb_inference_request_duration_seconds_bucket", "mlnb_inference_batch_size_sum", "mlnb_inference_queue_duration_seconds_count", "mlnb_model_loaded" })
            Assert.Contains(name + "{", text);
        Assert.Contains("outcome=\"invalid\"} 1", text);
        Assert.Contains("mlnb_inference_batch_size_sum{model=\"cancer\",version=\"1\"} 10", text);

        var psi = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(psi)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, "promtool check metrics failed: " + output);
    }

    [Fact]
    public async Task Batcher_StacksQueuedRequests_IntoOneModelCall_AndGivesEachItsOwnRows()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        var version = await w.RegisterAsync(models.Good);
        using var model = await OnnxModel.LoadAsync(w.Registry, version);
        var metrics = new ServingMetrics();
        await using var batcher = new DynamicBatcher(model, new BatchingOptions { MaxBatchSize = 64, MaxQueueDelay = TimeSpan.FromMilliseconds(500), Workers = 1, RunInlineWhenIdle = false }, metrics);
        var rows = w.Rows(8);
        Tensor Input(float[] r) => new("Features", "FP32", [1, 30], r);
        var tasks = rows.Select(r => batcher.RunAsync([Input(r)])).ToList();
        var answers = await Task.WhenAll(tasks);
        var alone = rows.Select(r => model.Run([Input(r)], ["PredictedLabel.output", "Probability.output"])).ToList();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal([1L, 1L], answers[i][0].Shape);
            Assert.Equal((bool[])alone[i][0].Data, (bool[])answers[i][0].Data);
            Assert.Equal(((float[])alone[i][1].Data)[0], ((float[])answers[i][1].Data)[0], 1e-5f);
        }
        using var stream = new MemoryStream();
        await metrics.WriteAsync(stream, default);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("mlnb_inference_batch_size_count{model=\"cancer\",version=\"1\"} 1", text);
        Assert.Contains("mlnb_inference_batch_size_sum{model=\"cancer\",version=\"1\"} 8", text);
    }
}
