using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using MlNotebooks.Interactive;

namespace MlNotebooks.Notebooks.Jupyter;

/// <summary>
/// A local NuGet feed holding MlNotebooks.Interactive (the extension, under <c>interactive-extensions/dotnet</c>) and
/// MlNotebooks.Core, written from the assemblies this program runs with. The version carries a hash of the
/// assemblies, because the kernel silently reuses a cached package of the same version.
/// </summary>
public static class ExtensionFeed
{
    /// <summary>The package id notebooks reference.</summary>
    public const string PackageId = "MlNotebooks.Interactive";

    /// <summary>Writes both packages into <paramref name="folder"/>; returns the extension's version.</summary>
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var extension = typeof(MlNotebooksKernelExtension).Assembly.Location;
        var core = typeof(MlnbException).Assembly.Location;
        var version = $"0.1.0-local.{Hash(extension, core)}";
        WritePackage(folder, "MlNotebooks.Core", version, "lib/net10.0", core,
            [("Microsoft.Data.Sqlite", "10.0.15"), ("Npgsql", "10.0.3")]);
        WritePackage(folder, PackageId, version, "interactive-extensions/dotnet", extension, [("MlNotebooks.Core", $"[{version}]")]);
        return version;
    }

    /// <summary>The two lines a notebook runs to load the extension from <paramref name="folder"/>.</summary>
    public static string LoadLines(string folder, string version) =>
        $"#i \"nuget: {folder}\"\n#r \"nuget: {PackageId}, {version}\"";

    private static string Hash(params string[] files)
    {
        using var sha = SHA256.Create();
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!)[..10];
    }

    private static void WritePackage(string folder, string id, string version, string dllFolder, string dll, (string Id, string Version)[] dependencies)
    {
        var path = Path.Combine(folder, $"{id}.{version}.nupkg".ToLowerInvariant());
        if (File.Exists(path)) return;
        var tmp = path + ".tmp";
        using (var zip = ZipFile.Open(tmp, ZipArchiveMode.Create))
        {
            var deps = string.Concat(dependencies.Select(d => $"<dependency id=\"{d.Id}\" version=\"{d.Version}\" exclude=\"Build,Analyzers\" />"));
            Write(zip, $"{id}.nuspec",
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    <authors>MlNotebooks</authors>
                    <description>{id}, packed by `mlnb kernel install` for the .NET Interactive Jupyter kernel.</description>
                    <dependencies><group targetFramework="net10.0">{deps}</group></dependencies>
                  </metadata>
                </package>
                """);
            Write(zip, "[Content_Types].xml",
                """<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="dll" ContentType="application/octet" /></Types>""");
            zip.CreateEntryFromFile(dll, $"{dllFolder}/{Path.GetFileName(dll)}");
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(text);
    }

    internal static string? InformationalVersion(Assembly a) => a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
