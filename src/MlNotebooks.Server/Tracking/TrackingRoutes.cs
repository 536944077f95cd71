using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Tracking;

/// <summary>The tracking rows of the route table, as MLflow's <c>service.proto</c> declares them, plus the artifact proxy and our extras.</summary>
internal static class TrackingRoutes
{
    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Post("mlflow/experiments/create", Access.Authenticated, ExperimentsApi.CreateAsync),
        MlflowRoute.Get("mlflow/experiments/get", Access.Experiment(Permission.Read), ExperimentsApi.GetAsync),
        MlflowRoute.Get("mlflow/experiments/get-by-name", Access.ExperimentByName(Permission.Read), ExperimentsApi.GetByNameAsync),
        MlflowRoute.Post("mlflow/experiments/search", Access.Authenticated, ExperimentsApi.SearchAsync),
        MlflowRoute.Get("mlflow/experiments/search", Access.Authenticated, ExperimentsApi.SearchAsync),
        MlflowRoute.Post("mlflow/experiments/update", Access.Experiment(Permission.Edit), ExperimentsApi.UpdateAsync),
        MlflowRoute.Post("mlflow/experiments/delete", Access.Experiment(Permission.Manage), ExperimentsApi.DeleteAsync),
        MlflowRoute.Post("mlflow/experiments/restore", Access.Experiment(Permission.Manage), ExperimentsApi.RestoreAsync),
        MlflowRoute.Post("mlflow/experiments/set-experiment-tag", Access.Experiment(Permission.Edit), ExperimentsApi.SetTagAsync),
        MlflowRoute.Post("mlflow/runs/create", Access.Experiment(Permission.Edit), RunsApi.CreateAsync),
        MlflowRoute.Get("mlflow/runs/get", Access.Run(Permission.Read), RunsApi.GetAsync),
        MlflowRoute.Post("mlflow/runs/update", Access.Run(Permission.Edit), RunsApi.UpdateAsync),
        MlflowRoute.Post("mlflow/runs/delete", Access.Run(Permission.Manage), RunsApi.DeleteAsync),
        MlflowRoute.Post("mlflow/runs/restore", Access.Run(Permission.Manage), RunsApi.RestoreAsync),
        MlflowRoute.Post("mlflow/runs/search", Access.Authenticated, RunsApi.SearchAsync),
        MlflowRoute.Post("mlflow/runs/log-metric", Access.Run(Permission.Edit), LoggingApi.LogMetricAsync),
        MlflowRoute.Post("mlflow/runs/log-parameter", Access.Run(Permission.Edit), LoggingApi.LogParamAsync),
        MlflowRoute.Post("mlflow/runs/log-batch", Access.Run(Permission.Edit), LoggingApi.LogBatchAsync),
        MlflowRoute.Post("mlflow/runs/log-inputs", Access.Run(Permission.Edit), LoggingApi.LogInputsAsync),
        MlflowRoute.Post("mlflow/runs/set-tag", Access.Run(Permission.Edit), LoggingApi.SetTagAsync),
        MlflowRoute.Post("mlflow/runs/delete-tag", Access.Run(Permission.Edit), LoggingApi.DeleteTagAsync),
        MlflowRoute.Get("mlflow/metrics/get-history", Access.Run(Permission.Read), MetricsApi.GetHistoryAsync),
        MlflowRoute.Get("mlflow/artifacts/list", Access.Run(Permission.Read), ArtifactsApi.ListAsync),
        MlflowRoute.Get("mlflow-artifacts/artifacts", Access.ArtifactPath(Permission.Read), ArtifactProxyApi.ListAsync),
        new("GET", "mlflow-artifacts/artifacts/{**path}", Access.ArtifactPath(Permission.Read), ArtifactProxyApi.DownloadAsync, RawBody: true),
        new("PUT", "mlflow-artifacts/artifacts/{**path}", Access.ArtifactPath(Permission.Edit), ArtifactProxyApi.UploadAsync, RawBody: true),
        new("DELETE", "mlflow-artifacts/artifacts/{**path}", Access.ArtifactPath(Permission.Edit), ArtifactProxyApi.DeleteAsync, RawBody: true),
        MlflowRoute.Post("mlnb/content/missing", Access.Authenticated, MlnbApi.MissingContentAsync),
        new("PUT", "mlnb/content/{**path}", Access.Authenticated, MlnbApi.PutContentAsync, RawBody: true),
        MlflowRoute.Post("mlnb/artifacts/log", Access.Run(Permission.Edit), MlnbApi.LogArtifactsAsync),
        MlflowRoute.Get("mlnb/artifacts/entries", Access.Run(Permission.Read), MlnbApi.ListEntriesAsync),
        MlflowRoute.Get("mlnb/runs/by-input", Access.Authenticated, MlnbApi.RunsByInputAsync),
        MlflowRoute.Get("mlnb/lineage", Access.Authenticated, MlnbApi.LineageAsync),
    ];
}
