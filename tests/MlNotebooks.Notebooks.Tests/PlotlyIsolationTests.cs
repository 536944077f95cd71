using System.Reflection;
using System.Runtime.Loader;
using MlNotebooks.Interactive;
using MlNotebooks.Notebooks.Jupyter;

namespace MlNotebooks.Notebooks.Tests;

/// <summary>
/// The extension in a load context shaped like the Jupyter tool's process (FSharp.Core is the tool's own 10.0.0.0 file)
/// still builds Plotly.NET figures, with FSharp.Core 10.1 in its private context and no Plotly.NET in the host's. The
/// clash itself is shown in the real kernel by <see cref="ChartRenderingTests"/>.
/// </summary>
public sealed class PlotlyIsolationTests
{
    private static readonly Assembly Extension = typeof(MlNotebooksKernelExtension).Assembly;

    /// <summary>FSharp.Core from the tool; the extension from its file; Plotly.NET and friends from the extension's resources.</summary>
    private sealed class ToolLikeContext(string fsharpCore) : AssemblyLoadContext("tool-like", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "FSharp.Core") return LoadFromAssemblyPath(fsharpCore);
            if (name.Name == Extension.GetName().Name) return LoadFromAssemblyPath(Extension.Location);
            using var stream = Extension.GetManifestResourceStream("plotly-bridge/" + name.Name + ".dll");
            return stream is null ? null : LoadFromStream(stream);
        }
    }

    private static async Task<ToolLikeContext> ToolLikeAsync()
    {
        await KernelInstaller.InstallAsync(_ => { }, CancellationToken.None);
        var store = Path.Combine(KernelInstaller.ToolsFolder, ".store", "microsoft.dotnet-interactive", KernelInstaller.ToolVersion);
        var context = new ToolLikeContext(Directory.EnumerateFiles(store, "FSharp.Core.dll", SearchOption.AllDirectories).Single());
        Assert.Equal(new Version(10, 0, 0, 0), context.LoadFromAssemblyName(new AssemblyName("FSharp.Core")).GetName().Version);
        return context;
    }

    [Fact]
    public async Task MetricChart_InAToolLikeContext_BuildsPlotlyNetsFigureWithItsOwnFSharpCore()
    {
        var context = await ToolLikeAsync();
        try
        {
            var extension = context.LoadFromAssemblyName(Extension.GetName());
            Assert.Same(context, AssemblyLoadContext.GetLoadContext(extension));
            var seriesType = extension.GetType("MlNotebooks.Interactive.Charts.ChartSeries", throwOnError: true)!;
            var series = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(seriesType))!;
            series.Add(Activator.CreateInstance(seriesType, "loss", new double[] { 0, 1 }, new double[] { 1, 0.5 }));
            var html = (string)extension.GetType("MlNotebooks.Interactive.Charts.MetricChart", throwOnError: true)!
                .GetMethod("Html")!.Invoke(null, ["loss", series, "step", "isolated"])!;

            Assert.Contains("\"type\":\"scatter\",\"name\":\"loss\"", html);
            Assert.Contains("\"x\":[0.0,1.0],\"y\":[1.0,0.5]", html);
            var bridgeContext = (AssemblyLoadContext)extension.GetType("MlNotebooks.Interactive.Charts.PlotlyBridge", throwOnError: true)!
                .GetProperty("Context")!.GetValue(null)!;
            Assert.Equal(new Version(10, 1, 0, 0), bridgeContext.Assemblies.Single(a => a.GetName().Name == "FSharp.Core").GetName().Version);
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Plotly.NET");
        }
        finally
        {
            context.Unload();
        }
    }
}
