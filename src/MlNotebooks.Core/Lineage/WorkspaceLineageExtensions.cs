using System.Runtime.CompilerServices;

namespace MlNotebooks.Lineage;

/// <summary>Adds <c>workspace.Lineage</c> (one service per workspace, so providers registered on it stay).</summary>
public static class WorkspaceLineageExtensions
{
    private static readonly ConditionalWeakTable<Workspace, LineageService> Services = [];

    extension(Workspace workspace)
    {
        /// <summary>Lineage: data version → run → model (the registry is installed as a provider).</summary>
        public LineageService Lineage => Services.GetValue(workspace, w =>
        {
            var service = new LineageService(w);
            service.AddProvider(new Registry.RegistryLineageProvider(w.Registry));
            return service;
        });
    }
}
