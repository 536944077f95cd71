using MlNotebooks.Notebooks.Parameters;
using MlNotebooks.Notebooks.Tests.Support;

namespace MlNotebooks.Notebooks.Tests;

public sealed class ParameterCellTests
{
    [Fact]
    public void ReadDefaults_TakesDeclaredTypesAndInfersVar()
    {
        var defaults = ParameterCell.ReadDefaults("int epochs = 10;\nvar lr = 0.01; // learning rate\nstring name = \"a\";\nvar big = 5L;\nbool fast = false;\nConsole.WriteLine(1);");
        Assert.Equal([("epochs", "int"), ("lr", "double"), ("name", "string"), ("big", "long"), ("fast", "bool")], defaults.Select(d => (d.Name, d.Type)));
    }

    [Fact]
    public void InjectedSource_ConvertsValuesToTheDefaultsTypes()
    {
        var defaults = ParameterCell.ReadDefaults("int epochs = 10;\ndouble lr = 0.01;\nstring name = \"a\";");
        var source = ParameterCell.InjectedSource(defaults, new Dictionary<string, string> { ["epochs"] = "20", ["lr"] = "1", ["name"] = "say \"hi\"", ["extra"] = "3.5" });
        Assert.Equal("// Parameters\nint epochs = 20;\ndouble lr = 1.0;\nstring name = \"say \\\"hi\\\"\";\ndouble extra = 3.5;\n", source);
    }

    [Fact]
    public void ValueThatDoesNotParseAsTheDefaultsType_FailsWithAnExample()
    {
        var defaults = ParameterCell.ReadDefaults("int epochs = 10;");
        var e = Assert.Throws<MlnbException>(() => ParameterCell.InjectedSource(defaults, new Dictionary<string, string> { ["epochs"] = "ten" }));
        Assert.Equal("parameter 'epochs' = 'ten' is not a valid int (the type of its default `int epochs = 10;` in the parameters cell); pass e.g. -p epochs=20", e.Message);
    }

    [Fact]
    public void ParameterFile_ReadsAFlatYamlMapping()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.yaml"), "epochs: 7\nname: run a\n");
        Assert.Equal(new Dictionary<string, string> { ["epochs"] = "7", ["name"] = "run a" }, ParameterFile.Read(dir.File("p.yaml")));
    }

    [Fact]
    public void ParameterFileWithAList_FailsNamingTheParameter()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.yaml"), "layers: [1, 2]\n");
        var e = Assert.Throws<MlnbException>(() => ParameterFile.Read(dir.File("p.yaml")));
        Assert.StartsWith("parameter 'layers' in", e.Message);
    }
}
