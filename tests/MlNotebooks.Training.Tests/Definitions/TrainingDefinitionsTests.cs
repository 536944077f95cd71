using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Tests.Support;

namespace MlNotebooks.Training.Tests.Definitions;

public sealed class TrainingDefinitionsTests
{
    [Fact]
    public async Task ACSharpDefinitionFile_CompilesAndSeesItsParams()
    {
        var file = Path.Combine(Path.GetTempPath(), "mlnb-def-" + Guid.NewGuid().ToString("N")[..8] + ".cs");
        await File.WriteAllTextAsync(file, """
            using static TorchSharp.torch.nn;
            var data = Data();
            var hidden = P("hidden", 4);
            return new TrainingJob { Data = data, Model = () => Sequential(("fc", Linear(data.Columns, hidden)), ("out", Linear(hidden, data.Classes))), Options = new TorchTrainerOptions { Epochs = 2 } };
            """);
        try
        {
            var job = await TrainingDefinitions.LoadAsync(file, new TrainingContext(new Dictionary<string, string> { ["hidden"] = "6", ["lr"] = "0.5" }, TestData.BreastCancerPath, "cpu"));

            using var model = job.Model!();
            Assert.Equal("Sequential(Linear(30→6), Linear(6→2))", MlNotebooks.Training.Torch.ModelSummary.Describe(model));
            Assert.Equal(0.5, job.Options.LearningRate);
            Assert.Equal(2, job.Options.Epochs);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task AnUnknownDefinition_ListsTheBuiltIns()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => TrainingDefinitions.LoadAsync("resnet", new TrainingContext(new Dictionary<string, string>(), TestData.BreastCancerPath, "cpu")));
        Assert.Contains("mlp, logreg, cnn, sdca, fasttree, lightgbm", e.Message);
    }

    [Fact]
    public async Task ABadParamValue_NamesTheParam()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => TrainingDefinitions.LoadAsync("mlp", new TrainingContext(new Dictionary<string, string> { ["hidden"] = "many" }, TestData.BreastCancerPath, "cpu")));
        Assert.Contains("--param hidden=many", e.Message);
    }
}
