namespace MlNotebooks.Server;

/// <summary>What every handler shares: the opened workspace (stores and content) and the options the server runs with.</summary>
/// <param name="Workspace">The served workspace.</param>
/// <param name="Options">How the server runs.</param>
public sealed record ServerContext(Workspace Workspace, ServerOptions Options);
