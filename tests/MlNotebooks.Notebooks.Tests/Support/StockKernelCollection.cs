namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>
/// Tests that load the extension into the stock .NET Interactive kernel (`#i` feed + `#r "nuget: …"`) run one at a time:
/// two kernels restoring the same new package version at once made NuGet's RestoreTask fail without an error
/// (seen once in a fresh-clone CI run, when the extension's version hash was new to the global packages folder).
/// </summary>
[CollectionDefinition(Name)]
public sealed class StockKernelCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "stock .NET Interactive kernel";
}
