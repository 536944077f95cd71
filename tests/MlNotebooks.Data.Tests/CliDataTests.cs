namespace MlNotebooks.Data.Tests;

public sealed class CliDataTests
{
    [Fact]
    public void AddStatusLsAndDiff_WorkEndToEnd_OnRealFiles()
    {
        using var m = new Mlnb();
        m.CopyTestFile("iris.csv", "data/iris.csv");
        m.CopyTestFile("wine_data.csv", "data/raw/wine.csv");

        var add = m.Run("data", "add", "data/iris.csv", "data/raw");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Added data/iris.csv (2.7 KiB, md5 d69a16ea6136ccb02a7c37c66375ebba) -> data/iris.csv.dvc", add.Out);
        m.Git("add", "-A");
        m.Git("commit", "-qm", "v1");
        File.AppendAllText(m.PathOf("data/raw/wine.csv"), "1,2,3\n");

        var status = m.Run("data", "status");
        Assert.Equal("data/raw.dvc:\n\tmodified: data/raw\n", status.Out);
        var diff = m.Run("data", "diff", "--json");
        Assert.Contains("\"modified\": [\n    {\n      \"path\": \"data/raw/wine.csv\"", diff.Out);
        var ls = m.Run("data", "ls", "--json");
        Assert.Contains("\"path\": \"data/iris.csv\"", ls.Out);
        Assert.Contains("\"in_cache\": true", ls.Out);
    }

    [Theory]
    [InlineData(new[] { "data", "add", "missing.csv" }, 3, "'missing.csv' does not exist")]
    [InlineData(new[] { "data", "checkout", "nothing-here" }, 3, "is not tracked")]
    [InlineData(new[] { "data", "push" }, 3, "no default remote")]
    [InlineData(new[] { "data", "checkout", "--link", "symlink" }, 2, "not a link type")]
    [InlineData(new[] { "repro" }, 3, "no dvc.yaml")]
    [InlineData(new[] { "lineage", "0123456789abcdef0123456789abcdef" }, 3, "")]
    public void BadInput_IsOneErrorLine_WithANonZeroExit(string[] args, int exit, string expected)
    {
        using var m = new Mlnb();

        var r = m.Run(args);

        Assert.Equal(exit, r.ExitCode);
        Assert.StartsWith("error: ", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ADvcFileWithAnUnknownField_IsOneErrorLine_AndIsLeftAsItWas()
    {
        using var m = new Mlnb();
        const string text = "outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  size: 2734\n  hash: md5\n  path: iris.csv\n  surprise: true\n";
        File.WriteAllText(m.PathOf("iris.csv.dvc"), text);

        var r = m.Run("data", "status");

        Assert.Equal(8, r.ExitCode);
        Assert.Equal("error: 'iris.csv.dvc' cannot be read: an output has the unknown field 'surprise'\n", r.Err);
        Assert.Equal(text, File.ReadAllText(m.PathOf("iris.csv.dvc")));
    }

    [Fact]
    public void AnUnreachableS3Remote_IsOneErrorLine_WithExit7()
    {
        using var m = new Mlnb();
        m.CopyTestFile("iris.csv", "iris.csv");
        Assert.Equal(0, m.Run("data", "add", "iris.csv").ExitCode);
        Assert.Equal(0, m.Run("data", "remote", "add", "s3", "s3://bucket/x", "--default", "--endpoint-url", "http://127.0.0.1:9").ExitCode);
        Assert.Equal(0, m.Run("data", "remote", "modify", "s3", "access_key_id", "k", "--local").ExitCode);
        Assert.Equal(0, m.Run("data", "remote", "modify", "s3", "secret_access_key", "s", "--local").ExitCode);

        var r = m.Run("data", "push");

        Assert.Equal(7, r.ExitCode);
        Assert.StartsWith("error: remote 's3://bucket/x' is unreachable", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Help_ListsEveryDataVerb()
    {
        using var m = new Mlnb();

        var r = m.Run("data", "--help");

        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "add", "status", "checkout", "diff", "ls", "gc", "push", "fetch", "pull", "remote", "log-input" })
            Assert.Contains("    " + verb + " ", r.Out);
    }

    [Fact]
    public void ReproAndLineage_RunThePipeline_AndShowDataToRun()
    {
        using var m = new Mlnb();
        m.CopyTestFile("iris.csv", "data/iris.csv");
        File.WriteAllText(m.PathOf("dvc.yaml"), "stages:\n  head:\n    cmd: head -n 5 data/iris.csv > head.csv\n    deps:\n    - data/iris.csv\n    outs:\n    - head.csv\n");
        Assert.Equal(0, m.Run("data", "add", "data/iris.csv").ExitCode);

        var first = m.Run("repro");
        var second = m.Run("repro");
        var runId = m.Run("runs", "create").Out.Trim();
        var logged = m.Run("data", "log-input", "--run", runId, "data/iris.csv", "--context", "training");
        var lineage = m.Run("lineage", runId);

        Assert.Contains("Stage 'head' ran (never run)", first.Out);
        Assert.Contains("Stage 'head' didn't change, skipping", second.Out);
        Assert.Equal(0, logged.ExitCode);
        Assert.Contains("data  data/iris.csv  md5 d69a16ea6136ccb02a7c37c66375ebba", lineage.Out);
        Assert.Contains($"└─▶ run  {runId}", lineage.Out);
    }
}
