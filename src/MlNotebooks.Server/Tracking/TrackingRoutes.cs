using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Tracking;

/// <summary>The tracking rows of the route table, in the order of MLflow's <c>service.proto</c>.</summary>
internal static class TrackingRoutes
{
    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Post("mlflow/experiments/create", Access.Authenticated, ExperimentsApi.CreateAsync),
        MlflowRoute.Get("mlflow/experiments/get", Access.Experiment(Permission.Read), ExperimentsApi.GetAsync),
    ];
}
