namespace MlNotebooks.Notebooks.Export;

/// <summary>Everything the templates are rendered from: the names and the plan. One model gives one output, byte for byte.</summary>
/// <param name="ProjectName">The .NET project (and assembly) name, e.g. <c>TrainTracked</c>.</param>
/// <param name="AppName">The Kubernetes app name, e.g. <c>train-tracked</c>.</param>
/// <param name="ModelName">The registered model the serving app serves.</param>
/// <param name="CoreVersion">The MlNotebooks.Core package version in the exported feed.</param>
/// <param name="NotebookFileName">The notebook's file name (copied under <c>notebook/</c>).</param>
/// <param name="Plan">The steps, parameters and packages.</param>
public sealed record ExportModel(string ProjectName, string AppName, string ModelName, string CoreVersion, string NotebookFileName, ExportPlan Plan)
{
    /// <summary>The template symbols and their values (the literal strings the templates' template.json replace).</summary>
    public IReadOnlyDictionary<string, string> Tokens => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MlnbJob"] = ProjectName,
        ["mlnb-app"] = AppName,
        ["mlnb-model"] = ModelName,
        ["MLNB_CORE_VERSION"] = CoreVersion,
        ["mlnb-notebook.ipynb"] = NotebookFileName,
    };
}
