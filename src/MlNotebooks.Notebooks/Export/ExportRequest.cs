namespace MlNotebooks.Notebooks.Export;

/// <summary>What to export and where.</summary>
/// <param name="Notebook">The .ipynb (or .dib) to export.</param>
/// <param name="Output">The folder to write (default: <c>export/NAME</c> beside the notebook).</param>
/// <param name="Name">The app name (default: the notebook's file name).</param>
/// <param name="Model">The registered model to serve (default: the one the notebook registers, else the app name).</param>
/// <param name="Force">Write into a folder that holds other files.</param>
public sealed record ExportRequest(string Notebook, string? Output = null, string? Name = null, string? Model = null, bool Force = false);

/// <summary>What an export wrote.</summary>
/// <param name="Output">The folder.</param>
/// <param name="Files">The files written, relative to it, sorted.</param>
/// <param name="Model">The model the plan was rendered from.</param>
public sealed record ExportResult(string Output, IReadOnlyList<string> Files, ExportModel Model);
