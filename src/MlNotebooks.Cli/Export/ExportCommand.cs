using System.ComponentModel;
using System.Diagnostics;
using MlNotebooks.Notebooks.Export;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Export;

/// <summary><c>mlnb export NOTEBOOK [--out DIR] [--name NAME] [--model NAME] [--force]</c>.</summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NOTEBOOK>")]
        [Description("The validated C# notebook (.ipynb or .dib)")]
        public string Notebook { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder to write (default: export/NAME beside the notebook)")]
        public string? Out { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("App name (default: the notebook's file name)")]
        public string? Name { get; init; }

        [CommandOption("--model <NAME>")]
        [Description("Registered model to serve (default: the one the notebook registers, else NAME)")]
        public string? Model { get; init; }

        [CommandOption("--force")]
        [Description("Write into a folder that holds other files")]
        public bool Force { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = NotebookExporter.Export(new ExportRequest(s.Notebook, s.Out, s.Name, s.Model, s.Force));
        foreach (var line in ExportSummary.Lines(result, clock.Elapsed)) Console.WriteLine(line);
        return 0;
    }
}
