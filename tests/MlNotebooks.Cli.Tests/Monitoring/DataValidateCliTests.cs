using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>`mlnb data validate` as CI runs it: exit 0 on a clean file, exit 1 and one line per failed check otherwise.</summary>
public sealed class DataValidateCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public DataValidateCliTests()
    {
        File.WriteAllText(_dir.File("good.csv"), "id,age,plan\n1,30,free\n2,41,pro\n3,52,team\n");
        File.WriteAllText(_dir.File("bad.csv"), "id,age,plan\n1,30,free\n1,141,gold\n3,,team\n");
        File.WriteAllText(_dir.File("suite.yaml"), "columns:\n  id: { unique: true }\n  age: { type: numeric, min: 0, max: 120, max_null_share: 0 }\n  plan: { allowed: [free, pro, team] }\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_CleanFile_ExitsZero()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "data", "validate", "good.csv", "--suite", "suite.yaml");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("6 of 6 checks passed on 3 rows of good.csv", r.Out);
    }

    [Fact]
    public async Task Validate_BadFile_PrintsOneLinePerFailedCheckAndExitsOne()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "data", "validate", "bad.csv", "--suite", "suite.yaml");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([
            "FAILED column 'id' unique: 1 value(s) repeated, e.g. '1' ×2",
            "FAILED column 'age' null_share: 1 of 3 missing (33.3 %), allowed 0.0 %",
            "FAILED column 'age' max: 1 value(s) above 120 (largest 141)",
            "FAILED column 'plan' allowed: 1 value(s) not allowed: 'gold' ×1",
            "2 of 6 checks passed on 3 rows of bad.csv",
        ], r.Out.Split('\n'));
    }

    [Fact]
    public async Task Validate_LogsValidationPassedOnARun_ForARegistryGate()
    {
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "init")).ExitCode);
        var runId = (await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "-e", "validation")).Out;
        Assert.Equal(1, (await MlnbProcess.RunAsync(_dir.Path, "data", "validate", "bad.csv", "--suite", "suite.yaml", "--run", runId)).ExitCode);
        var show = await MlnbProcess.RunAsync(_dir.Path, "runs", "show", runId, "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.Matches("\"key\": \"validation.passed\",\\s*\"value\": 0", show.Stdout);
        Assert.Matches("\"key\": \"validation.failed_checks\",\\s*\"value\": 4", show.Stdout);
    }

    [Fact]
    public async Task Validate_MissingSuite_IsOneLine()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "data", "validate", "good.csv", "--suite", "nope.yaml");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("error: suite file 'nope.yaml' does not exist; write one (JSON or YAML) with a 'columns' map, see docs/monitoring.md", r.Stderr.Trim());
    }
}
