namespace MlNotebooks.Job;

/// <summary>The notebook's <c>#!registry register</c> and <c>promote</c>, as calls on the workspace's registry.</summary>
public static class Registry
{
    private static readonly Dictionary<string, int> Registered = new(StringComparer.Ordinal);

    /// <summary>Registers the run's model (default: the active run) as a new version of <paramref name="name"/>.</summary>
    public static int Register(string name, string artifact = "model", string? runId = null)
    {
        Track.FlushAll();
        var v = Track.Workspace.Registry.RegisterAsync(runId ?? Track.RunId, artifact, name).GetAwaiter().GetResult();
        Registered[name] = v.Version;
        Console.WriteLine($"registered {name} version {v.Version}");
        return v.Version;
    }

    /// <summary>
    /// Asks for <paramref name="alias"/> through its gates. The version is the one this job registered (the notebook's
    /// <paramref name="notebookVersion"/> only when the job registered none).
    /// </summary>
    public static void Promote(string name, int notebookVersion, string alias, string reason = "exported job")
    {
        var version = Registered.TryGetValue(name, out var v) ? v : notebookVersion;
        var result = Track.Workspace.Registry.PromoteAsync(name, version, alias, reason).GetAwaiter().GetResult();
        Console.WriteLine($"promote {name} v{version} → @{alias}: {result}");
    }
}
