using System.Reflection;
using System.Runtime.Loader;

namespace MlNotebooks.Interactive.Charts;

/// <summary>
/// Plotly.NET in its own <see cref="AssemblyLoadContext"/>. Plotly.NET 6 references FSharp.Core 10.1 and the Jupyter
/// tool's process already holds FSharp.Core 10.0, so loading Plotly.NET next to the kernel fails with
/// <c>Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'</c>. The bridge assembly
/// (MlNotebooks.Interactive.Plotly) and its dependencies, FSharp.Core 10.1 included, are embedded in this assembly under
/// <see cref="ResourcePrefix"/> and loaded privately; the bridge's API holds only BCL types, so nothing F# crosses over.
/// </summary>
internal static class PlotlyBridge
{
    /// <summary>The resource folder holding the bridge and its dependencies.</summary>
    public const string ResourcePrefix = "plotly-bridge/";

    private static readonly Lazy<(AssemblyLoadContext Context, Func<string, string, string[], double[][], double[][], string> Lines)> Loaded = new(Load);

    /// <summary>The private load context (loaded on first use).</summary>
    public static AssemblyLoadContext Context => Loaded.Value.Context;

    /// <summary>Plotly.NET's figure JSON for one line per series.</summary>
    public static string LinesJson(string title, string xTitle, string[] names, double[][] xs, double[][] ys) =>
        Loaded.Value.Lines(title, xTitle, names, xs, ys);

    private static (AssemblyLoadContext, Func<string, string, string[], double[][], double[][], string>) Load()
    {
        var context = new BridgeLoadContext();
        var bridge = context.LoadFromAssemblyName(new AssemblyName("MlNotebooks.Interactive.Plotly"));
        var method = bridge.GetType("MlNotebooks.Interactive.Plotly.FigureBuilder", throwOnError: true)!.GetMethod("LinesJson")!;
        return (context, method.CreateDelegate<Func<string, string, string[], double[][], double[][], string>>());
    }

    /// <summary>Resolves the embedded assemblies; everything else (the BCL) comes from the default context.</summary>
    private sealed class BridgeLoadContext() : AssemblyLoadContext("mlnb-plotly")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            using var stream = typeof(PlotlyBridge).Assembly.GetManifestResourceStream(ResourcePrefix + assemblyName.Name + ".dll");
            return stream is null ? null : LoadFromStream(stream);
        }
    }
}
