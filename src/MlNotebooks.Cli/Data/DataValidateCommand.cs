using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring.Validation;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

/// <summary>
/// <c>mlnb data validate FILE --suite S</c>: checks a CSV or Parquet file against a suite; one line per failed check and
/// exit code 1 when any fails. With <c>--run ID</c> it logs <c>validation.passed</c> (1 or 0) and
/// <c>validation.failed_checks</c> on the run, for a registry gate such as <c>metrics.validation.passed &gt;= 1</c>.
/// </summary>
internal sealed class DataValidateCommand : AsyncCommand<DataValidateCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Data to check (CSV, CSV.gz, TSV or Parquet)")]
        public string File { get; init; } = "";

        [CommandOption("--suite <SUITE>")]
        [Description("The suite: a JSON or YAML file of expectations per column")]
        public string? Suite { get; init; }

        [CommandOption("--run <RUN_ID>")]
        [Description("Log validation.passed and validation.failed_checks on this run (for registry gates)")]
        public string? Run { get; init; }

        [CommandOption("--json")]
        [Description("Print every check as JSON")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.Suite is null) throw MlnbException.Invalid("--suite is required: the JSON or YAML file of expectations, e.g. `mlnb data validate data.csv --suite data.suite.yaml`");
        var suite = SuiteFile.Read(s.Suite);
        var table = await MonitoringFiles.ReadAsync(s.File, ct).ConfigureAwait(false);
        var result = DataValidator.Validate(table, suite);
        if (s.Run is not null)
        {
            await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = s.TrackingUri }, ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await ws.Tracking.LogBatchAsync(s.Run,
                [new("validation.passed", result.Passed ? 1 : 0, now, 0), new("validation.failed_checks", result.Failures.Count(), now, 0)], [], [], ct).ConfigureAwait(false);
        }
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["passed"] = result.Passed,
                ["checks"] = new JsonArray([.. result.Checks.Select(c => (JsonNode)new JsonObject { ["column"] = c.Column, ["check"] = c.Check, ["passed"] = c.Passed, ["detail"] = c.Detail })]),
            });
        }
        else
        {
            foreach (var line in result.FailureLines) Console.WriteLine("FAILED " + line);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Checks.Count - result.Failures.Count()} of {result.Checks.Count} checks passed on {table.RowCount} rows of {s.File}"));
        }
        return result.Passed ? 0 : 1;
    }
}
