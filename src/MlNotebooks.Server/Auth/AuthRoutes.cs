using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>The auth area's rows of the route table (users, permissions).</summary>
internal static class AuthRoutes
{
    public static IReadOnlyList<MlflowRoute> Rows { get; } = [];
}
