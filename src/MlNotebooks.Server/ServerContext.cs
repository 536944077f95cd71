namespace MlNotebooks.Server;

/// <summary>What every handler shares: the opened workspace (stores and content) and the options the server runs with.</summary>
/// <param name="Workspace">The served workspace.</param>
/// <param name="Options">How the server runs.</param>
public sealed record ServerContext(Workspace Workspace, ServerOptions Options)
{
    /// <summary>
    /// Called after a route's handler succeeded, before its answer is written (e.g. auth grants MANAGE to the creator
    /// of <see cref="Mlflow.RouteCall.CreatedId"/>). Add to it while the server is being set up, not while it serves.
    /// </summary>
    public IList<Func<Mlflow.RouteCall, Task>> AfterHandled { get; } = new List<Func<Mlflow.RouteCall, Task>>();
}
