namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>Builds and runs an exported (or templated) job project with the real `dotnet`, offline.</summary>
public static class DotnetJob
{
    private static string Cache => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// `dotnet build -c Release`: packages extracted into <paramref name="packages"/> (a temp folder), the machine's cache
    /// only read as a fallback folder, so nothing user-global is written and nothing is downloaded.
    /// </summary>
    public static Task<string> BuildAsync(string project, string packages, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["NUGET_PACKAGES"] = packages, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        return Tools.RunAsync("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", $"-p:RestoreFallbackFolders={Cache}"], project, env);
    }

    /// <summary>Runs the built job's DLL (what `dotnet run` runs) in <paramref name="workingDirectory"/>; returns its output.</summary>
    public static Task<string> RunAsync(string project, string assembly, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(project, "bin", "Release", "net10.0", assembly + ".dll");
        return Tools.RunAsync("dotnet", [dll, .. args], workingDirectory, environment);
    }
}
