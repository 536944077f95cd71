using MlNotebooks.Interactive.Magics.Deploy;

namespace MlNotebooks.Cli.Tests.Deploy;

/// <summary>What <c>#!deploy status</c> and <c>metrics</c> read from a server's Prometheus text.</summary>
public sealed class MetricsSampleTests
{
    private const string Exposition = """
        # HELP mlnb_inference_requests_total Inference requests answered.
        # TYPE mlnb_inference_requests_total counter
        mlnb_inference_requests_total{model="m",version="1",variant="primary",protocol="v2",outcome="ok"} 90
        mlnb_inference_requests_total{model="m",version="1",variant="primary",protocol="v2",outcome="invalid"} 6
        mlnb_inference_requests_total{model="m",version="1",variant="primary",protocol="invocations",outcome="error"} 4
        mlnb_inference_requests_total{model="m",version="2",variant="shadow",protocol="mirror",outcome="ok"} 100
        # TYPE mlnb_inference_request_duration_seconds histogram
        mlnb_inference_request_duration_seconds_bucket{model="m",version="1",variant="primary",le="0.001"} 40
        mlnb_inference_request_duration_seconds_bucket{model="m",version="1",variant="primary",le="0.002"} 90
        mlnb_inference_request_duration_seconds_bucket{model="m",version="1",variant="primary",le="+Inf"} 90
        mlnb_inference_request_duration_seconds_bucket{model="m",version="2",variant="canary",le="0.001"} 10
        mlnb_inference_request_duration_seconds_bucket{model="m",version="2",variant="canary",le="0.002"} 10
        mlnb_inference_request_duration_seconds_bucket{model="m",version="2",variant="canary",le="+Inf"} 10
        mlnb_inference_request_duration_seconds_bucket{model="m",version="2",variant="shadow",le="0.001"} 0
        mlnb_inference_request_duration_seconds_bucket{model="m",version="2",variant="shadow",le="+Inf"} 100
        mlnb_inference_request_duration_seconds_sum{model="m",version="1",variant="primary"} 0.1
        """;

    [Fact]
    public void Parse_CountsAnsweredRequestsAndSumsTheBuckets_LeavingOutShadowMirrors()
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(10);
        var s = MetricsSample.Parse(Exposition, at);
        Assert.Equal(100, s.Requests);
        Assert.Equal(10, s.Errors);
        Assert.Equal([(0.001, 50.0), (0.002, 100.0), (double.PositiveInfinity, 100.0)], s.Buckets);
    }

    [Fact]
    public void Since_EstimatesPercentilesLikeHistogramQuantile_AndTheRate()
    {
        var w = MetricsSample.Parse(Exposition, DateTimeOffset.UnixEpoch.AddSeconds(10)).Since(MetricsSample.Zero(DateTimeOffset.UnixEpoch));
        Assert.Equal(10, w.PerSecond, 9);
        Assert.Equal(1.0, w.P50Ms, 9);           // rank 50 is the top of the first bucket
        Assert.Equal(1.98, w.P99Ms, 9);          // 1 ms + (99 - 50) / 50 of the 1-2 ms bucket
    }

    [Fact]
    public void Quantile_WithoutObservationsIsNaN_AndInTheInfBucketIsTheLargestBound()
    {
        Assert.True(double.IsNaN(MetricsSample.Quantile([], 0.5)));
        Assert.True(double.IsNaN(MetricsSample.Quantile([(0.001, 0), (double.PositiveInfinity, 0)], 0.5)));
        Assert.Equal(0.001, MetricsSample.Quantile([(0.001, 1), (double.PositiveInfinity, 10)], 0.99));
    }
}
