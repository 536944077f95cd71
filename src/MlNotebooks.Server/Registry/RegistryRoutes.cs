using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Registry;

/// <summary>The model registry's rows of the route table (registered-models, model-versions).</summary>
internal static class RegistryRoutes
{
    public static IReadOnlyList<MlflowRoute> Rows { get; } = [];
}
