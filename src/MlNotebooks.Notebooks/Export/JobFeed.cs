using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// How an exported project gets our libraries (the NuGet mirror has no MlNotebooks packages): a package of
/// MlNotebooks.Core written from the assembly this program runs with into the project's <c>feed/</c>, versioned by its
/// hash (NuGet reuses a cached package of the same version). The zip is deterministic: fixed entry order and dates.
/// </summary>
public static class JobFeed
{
    /// <summary>The package id.</summary>
    public const string CoreId = "MlNotebooks.Core";

    /// <summary>Core's own dependencies, as in Directory.Packages.props (a test checks they agree).</summary>
    public static readonly IReadOnlyList<(string Id, string Version)> CoreDependencies =
        [("AWSSDK.S3", "4.1.0"), ("Microsoft.Data.Sqlite", "10.0.15"), ("Npgsql", "10.0.3"), ("YamlDotNet", "18.1.0")];

    private static readonly DateTimeOffset FixedDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The version of the package written from the running MlNotebooks.Core.</summary>
    public static string CoreVersion() => "0.1.0-local." + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(CoreAssembly)))[..12];

    private static string CoreAssembly => typeof(MlnbException).Assembly.Location;

    /// <summary>The package's file name and bytes.</summary>
    public static (string FileName, byte[] Bytes) CorePackage()
    {
        var version = CoreVersion();
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var deps = string.Concat(CoreDependencies.Select(d => $"<dependency id=\"{d.Id}\" version=\"{d.Version}\" exclude=\"Build,Analyzers\" />"));
            Add(zip, $"{CoreId}.nuspec", Encoding.UTF8.GetBytes(
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{CoreId}</id>
                    <version>{version}</version>
                    <authors>MlNotebooks</authors>
                    <description>MlNotebooks.Core, packed by `mlnb export` for an exported training job.</description>
                    <dependencies><group targetFramework="net10.0">{deps}</group></dependencies>
                  </metadata>
                </package>
                """));
            Add(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(
                """<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="dll" ContentType="application/octet" /></Types>"""));
            Add(zip, $"lib/net10.0/{Path.GetFileName(CoreAssembly)}", File.ReadAllBytes(CoreAssembly));
        }
        return ($"{CoreId}.{version}.nupkg".ToLowerInvariant(), ms.ToArray());
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedDate;
        using var s = entry.Open();
        s.Write(bytes);
    }
}
