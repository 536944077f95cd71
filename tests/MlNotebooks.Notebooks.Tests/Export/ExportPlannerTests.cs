using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Notebooks.Tests.Support;
using static MlNotebooks.Notebooks.Tests.Support.TestNotebooks;

namespace MlNotebooks.Notebooks.Tests.Export;

public sealed class ExportPlannerTests
{
    [Fact]
    public void Plan_TrainTracked_TranslatesTrackMagicsAndLeavesDisplayOnlyOnesOut()
    {
        var plan = ExportPlanner.Plan(Notebook.Load(Repo.Path("notebooks/examples/train-tracked.ipynb")));

        Assert.Equal(["epochs", "lr", "experiment"], plan.Parameters.Select(p => p.Name));
        Assert.Contains("int epochs = job.Param(\"epochs\", 5);", plan.ParametersCode);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(ExportPlanner.DefaultStep, step.Name);
        Assert.Equal([2, 3, 4, 5, 6], step.Cells.Select(c => c.Cell.Index));
        Assert.Equal("Track.Start(\"demo\", \"notebook-run\");\nTrack.Param(\"optimizer\", \"sgd\");", step.Cells[0].Code);
        Assert.Equal("Track.Metric(\"final_w\", w);\nTrack.Tag(\"stage\", \"demo\");", step.Cells[2].Code);
        Assert.Equal("Track.End(MlNotebooks.Tracking.RunStatus.Finished);", step.Cells[3].Code);
        Assert.Equal("", step.Cells[4].Code);
        Assert.Equal(["cell 6: `#!track runs` only displays; left out of the job"], plan.Notes);
        Assert.False(plan.UsesCuda);
    }

    [Fact]
    public void Plan_StepsNotebook_GroupsUntaggedCellsAndFindsEachStepsInputs()
    {
        var plan = ExportPlanner.Plan(Create(
            Code("int epochs = 3;\nint seed = 1;", "parameters"),
            Code("#r \"nuget: MathNet.Numerics, 5.0.0\"\nusing MathNet.Numerics;\nvar rng = new Random(seed);", "step:prepare"),
            Code("var xs = Enumerable.Range(0, 10).Select(i => rng.NextDouble()).ToArray();"),
            Code("xs.Length", "skip"),
            Code("double Mean(double[] v) => v.Average();\nvar m = Mean(xs);", "step:train"),
            Code("record Summary(double Value);\nvar s = new Summary(m);\ns", "step:report")));

        Assert.Equal(["prepare", "train", "report"], plan.Steps.Select(s => s.Name));
        Assert.Equal([[1, 2], [4], [5]], plan.Steps.Select(s => s.Cells.Select(c => c.Cell.Index).ToArray()));
        Assert.Equal([[], ["xs"], ["m"]], plan.Steps.Select(s => s.Inputs.ToArray()));
        Assert.Equal([[], ["prepare"], ["train"]], plan.Steps.Select(s => s.DependsOn.ToArray()));
        Assert.Equal([3], plan.Skipped.Select(c => c.Index));
        Assert.Equal([new("MathNet.Numerics", "5.0.0")], plan.Packages);
        Assert.Equal(["using MathNet.Numerics;"], plan.Usings);
        Assert.Equal(["// cell 5\nrecord Summary(double Value);"], plan.Types);
        Assert.Equal("var s = new Summary(m);\ndisplay(s);", plan.Steps[2].Cells[0].Code);
    }

    [Fact]
    public void Plan_TrainWithAFile_BecomesTrainRun_WithTheMagicsOptions()
    {
        var plan = ExportPlanner.Plan(Create(
            Code("#!track start --experiment e"),
            Code("#!train defs/model.cs --epochs 3 --device cpu --param hidden=8 --param dropout=0.2 --data data/x.csv --label y --name r1")));

        Assert.Equal("Train.Run(\"defs/model.cs\", bundled: false, experiment: null, name: \"r1\", options: [\"--epochs\", \"3\", \"--device\", \"cpu\", \"--param\", \"hidden=8\", \"--param\", \"dropout=0.2\", \"--data\", \"data/x.csv\", \"--label\", \"y\"]);",
            plan.Steps[0].Cells[1].Code);
        Assert.Empty(plan.Definitions!);
    }

    [Fact]
    public void Plan_ATrainDefinitionCell_BecomesAFile_AndItsNamesStayOutOfTheProgram()
    {
        var plan = ExportPlanner.Plan(Create(
            Code("var data = 1;"),
            Code("#!train --epochs 2 --experiment x\nusing static TorchSharp.torch.nn;\nvar data = Data();\nreturn new TrainingJob { Data = data };"),
            Code("#!train --definition other.cs")));

        var cells = plan.Steps[0].Cells;
        Assert.Equal("Train.Run(\"definitions/cell-1.cs\", bundled: true, experiment: \"x\", name: null, options: [\"--epochs\", \"2\"]);", cells[1].Code);
        Assert.Equal("Train.Run(\"other.cs\", bundled: false, experiment: null, name: null);", cells[2].Code);
        var (path, code) = Assert.Single(plan.Definitions!);
        Assert.Equal("definitions/cell-1.cs", path);
        Assert.Equal("\nusing static TorchSharp.torch.nn;\nvar data = Data();\nreturn new TrainingJob { Data = data };\n", code); // the magic line blanked: line numbers stay the cell's
        Assert.DoesNotContain("using static TorchSharp.torch.nn;", plan.Usings);
        Assert.Contains("cell 1: its code is a `#!train` definition, written to definitions/cell-1.cs; the job trains it with `mlnb train` as the magic does", plan.Notes);
    }

    [Fact]
    public void Plan_CudaTraining_IsDetected() =>
        Assert.True(ExportPlanner.Plan(Create(Code("var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;\nvar d = new Device(\"cuda\");"))).UsesCuda);

    public static TheoryData<Notebook, string> Refused => new()
    {
        { Create(Markdown("# only prose")), "the notebook has no code cells" },
        { Create(Code("var data = Load();", "skip"), Code("var n = data.Count;")),
            "cell 1 (`var n = data.Count;`) uses 'data', which only cell 0 (`var data = Load();`) defines, and that cell is tagged 'skip'; remove 'skip' from cell 0" },
        { Create(Code("var x = 1;", "exploration")), "cell 0 (`var x = 1;`) has unknown tag 'exploration'; accepted tags: 'parameters', 'injected-parameters', 'skip', 'step:NAME'" },
        { Create(Code("#!data pull model.dvc")), "cell 0 (`#!data pull model.dvc`): `#!data pull` has no C# API equivalent in an exported job; open data from C#" },
        { Create(Code("#!train model.cs --epochs three")), "cell 0: `#!train model.cs --epochs three`: --epochs 'three' is not a whole number" },
        { Create(Code("#!train model.cs --lr 0.1")), "cell 0: `#!train model.cs --lr 0.1`: `#!train` has no option --lr; it takes --definition, --device" },
        { Create(Code("#!train model.cs --param hidden")), "--param 'hidden' is not k=v" },
        { Create(Code("#!train --epochs 3\n   ")), "cell 0 (`#!train --epochs 3`): `#!train` names no definition file and the cell has no definition code" },
        { Create(Code("var x = 1;"), Code("var x = 2;")), "cell 1 (`var x = 2;`) declares 'x' again (cell 0 declared it first)" },
        { Create(Code("#r \"nuget: Newtonsoft.Json\"")), "names no version; pin one" },
        { Create(Code("var a = 1;", "step:train"), Code("var b = 2;", "step:train")), "starts step 'train' a second time" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Plan_RefusesWhatTheJobCouldNotRun(Notebook nb, string message)
    {
        var e = Assert.Throws<MlnbException>(() => ExportPlanner.Plan(nb));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Plan_RefusesANonCSharpNotebookAndCell()
    {
        var python = Create(Code("x = 1"));
        python.Metadata["kernelspec"] = new System.Text.Json.Nodes.JsonObject { ["language"] = "python", ["name"] = "python3" };
        Assert.Contains("the notebook's language is python", Assert.Throws<MlnbException>(() => ExportPlanner.Plan(python)).Message);

        var fsharp = Code("let x = 1");
        fsharp.CellMetadata()["polyglot_notebook"] = new System.Text.Json.Nodes.JsonObject { ["kernelName"] = "fsharp" };
        Assert.Contains("cell 0 (`let x = 1`) is fsharp", Assert.Throws<MlnbException>(() => ExportPlanner.Plan(Create(fsharp))).Message);
    }
}
