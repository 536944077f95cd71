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
            var unknown = await Assert.ThrowsAsync<MlnbException>(() => TrainingDefinitions.LoadAsync(file, new TrainingContext(new Dictionary<string, string> { ["width"] = "6" }, TestData.BreastCancerPath, "cpu")));
            Assert.StartsWith($"--param width=6 is not a param of '{file}'; it takes hidden, and the trainer's lr, epochs, batch_size", unknown.Message);
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

    [Fact]
    public async Task AParamTheBuiltInDoesNotRead_IsAnError_ListingTheOnesItDoes()
    {
        Task<MlNotebooks.Training.TrainingJob> Load(string def, string key) =>
            TrainingDefinitions.LoadAsync(def, new TrainingContext(new Dictionary<string, string> { [key] = "1" }, TestData.BreastCancerPath, "cpu"));

        var mlp = await Assert.ThrowsAsync<MlnbException>(() => Load("mlp", "hiden"));
        Assert.Equal("--param hiden=1 is not a param of 'mlp'; it takes dropout, hidden, and the trainer's lr, epochs, batch_size, optimizer, schedule, weight_decay, clip_norm, patience, seed, checkpoint_every", mlp.Message);
        var logreg = await Assert.ThrowsAsync<MlnbException>(() => Load("logreg", "hidden"));
        Assert.StartsWith("--param hidden=1 is not a param of 'logreg'; it takes none of its own, and the trainer's lr", logreg.Message);
        var task = await Assert.ThrowsAsync<MlnbException>(() => Load("mlp", "task"));
        Assert.StartsWith("--param task=1 is not a param of 'mlp' (the task is an option: --task)", task.Message);
        using var one = (await Load("mlp", "hidden")).Model!();
        Assert.Equal(30 * 1 + 1 + 1 * 2 + 2, MlNotebooks.Training.Torch.ModelSummary.ParameterCount(one));
        Assert.Equal(1, (await Load("sdca", "seed")).Options.Seed);
    }
}
