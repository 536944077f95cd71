using MlNotebooks.Notebooks.Analysis;

namespace MlNotebooks.Notebooks.Tests.Analysis;

public sealed class CellAnalyzerTests
{
    // (code, names declared at top level, a few names it must report as used)
    public static TheoryData<string, string[], string[]> Cases => new()
    {
        { "var w = 0.0;\nint epochs = 5;", ["epochs", "w"], [] },
        { "for (var step = 0; step < epochs; step++) { var grad = 2 * w; w -= grad; }", [], ["epochs", "grad", "step", "w"] },
        { "double Loss(double x) => x * x;\nvar y = Loss(w);", ["Loss", "y"], ["w"] },
        { "record Point(double X, double Y);\nclass Model { public int Size; }\nenum Kind { A, B }", ["Kind", "Model", "Point"], [] },
        { "var ok = int.TryParse(text, out var parsed);", ["ok", "parsed"], ["text"] },
        { "var f = () => { var inner = 1; return inner; };", ["f"], ["inner"] },
        { "#!track start --experiment demo\nTrack.Metric(\"loss\", loss, 0);", [], ["Track", "loss"] },
        { "using (var s = File.OpenRead(path)) { }\nvar t = s0;", ["t"], ["path", "s0"] },
        { "foreach (var row in rows) total += row;", [], ["rows", "total"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyze_FindsTopLevelDeclarationsAndUses(string code, string[] declared, string[] used)
    {
        var names = CellAnalyzer.Analyze(code);
        Assert.Equal(declared, names.Declared.Order(StringComparer.Ordinal));
        Assert.All(used, u => Assert.Contains(u, names.Used));
    }

    [Fact]
    public void Analyze_TakesPackagesFromNugetDirectivesNotFromUsings()
    {
        var names = CellAnalyzer.Analyze("#r \"nuget: Microsoft.ML, 5.0.0\"\n#r \"nuget:Plotly.NET\"\nusing Microsoft.ML;\nusing TorchSharp;\nvar ctx = new MLContext(seed: 1);");
        Assert.Equal([new PackageRef("Microsoft.ML", "5.0.0"), new PackageRef("Plotly.NET", null)], names.Packages);
        Assert.Equal(["using Microsoft.ML;", "using TorchSharp;"], names.Usings);
        Assert.Equal(["ctx"], names.Declared);
    }
}
