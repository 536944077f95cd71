namespace MlNotebooks.Server.Mlflow;

/// <summary>
/// One row of the route table: an RPC as MLflow's protos declare it. The row is registered under both
/// <c>/api/2.0/</c> and <c>/ajax-api/2.0/</c>, and the auth middleware reads its <see cref="Access"/>, so a new
/// endpoint is a handler plus one row and cannot ship without saying who may call it.
/// </summary>
/// <param name="Method">HTTP method (GET, POST, PATCH, DELETE, PUT).</param>
/// <param name="Path">Path below the version prefix, e.g. <c>mlflow/experiments/create</c>; may end in <c>{**path}</c>.</param>
/// <param name="Access">Who may call it.</param>
/// <param name="Handler">The handler.</param>
/// <param name="RawBody">True when the handler streams the request body itself (artifact upload); only the query is bound.</param>
public sealed record MlflowRoute(string Method, string Path, Access Access, RouteHandler Handler, bool RawBody = false)
{
    /// <summary>The prefixes every row is served under (MLflow's <c>_get_paths</c>).</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["/api/2.0/", "/ajax-api/2.0/"];

    /// <summary>A GET row.</summary>
    public static MlflowRoute Get(string path, Access access, RouteHandler handler) => new("GET", path, access, handler);

    /// <summary>A POST row.</summary>
    public static MlflowRoute Post(string path, Access access, RouteHandler handler) => new("POST", path, access, handler);

    /// <summary>A PATCH row.</summary>
    public static MlflowRoute Patch(string path, Access access, RouteHandler handler) => new("PATCH", path, access, handler);

    /// <summary>A DELETE row (fields in a JSON body, as MLflow sends them).</summary>
    public static MlflowRoute Delete(string path, Access access, RouteHandler handler) => new("DELETE", path, access, handler);

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path} ({Access})";
}
