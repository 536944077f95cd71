using System.Runtime.CompilerServices;

namespace MlNotebooks.Data;

/// <summary>Adds <c>workspace.Data</c>, the data versioning client of a workspace (one per workspace).</summary>
public static class WorkspaceDataExtensions
{
    private static readonly ConditionalWeakTable<Workspace, DataClient> Clients = [];

    extension(Workspace workspace)
    {
        /// <summary>Data versioning (DVC 3 compatible) for this workspace's project folder.</summary>
        public DataClient Data => Clients.GetValue(workspace, w => new DataClient(w));
    }
}
