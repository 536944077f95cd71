namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>Paths in this repository (found from the test's output folder).</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
