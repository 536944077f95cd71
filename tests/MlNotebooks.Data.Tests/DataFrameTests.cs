using Parquet;
using Parquet.Schema;

namespace MlNotebooks.Data.Tests;

public sealed class DataFrameTests
{
    [Fact]
    public async Task OpenDataFrame_ReadsATrackedCsv_AtTheWorkspaceVersion()
    {
        using var m = new Mlnb();
        m.CopyTestFile("seattle-weather.csv", "data/weather.csv");
        Assert.Equal(0, m.Run("data", "add", "data/weather.csv").ExitCode);
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = m.Root, Environment = _ => null });
        using var data = new DataClient(ws);

        var df = await data.OpenDataFrameAsync(m.PathOf("data/weather.csv"));

        Assert.Equal(1461, df.Rows.Count);
        Assert.Equal(["date", "precipitation", "temp_max", "temp_min", "wind", "weather"], df.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task OpenDataFrame_ReadsParquetFromATrackedFolder_AtAnOlderRevision()
    {
        using var m = new Mlnb();
        Directory.CreateDirectory(m.PathOf("ds"));
        await WriteParquetAsync(m.PathOf("ds/t.parquet"), [1, 2, 3], ["a", "b", null]);
        Assert.Equal(0, m.Run("data", "add", "ds").ExitCode);
        m.Git("add", "-A");
        m.Git("commit", "-qm", "v1");
        await WriteParquetAsync(m.PathOf("ds/t.parquet"), [9], ["z"]);
        Assert.Equal(0, m.Run("data", "add", "ds").ExitCode);
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = m.Root, Environment = _ => null });
        using var data = new DataClient(ws);

        var old = await data.OpenDataFrameAsync(m.PathOf("ds/t.parquet"), "HEAD");
        var now = await data.OpenDataFrameAsync(m.PathOf("ds/t.parquet"));

        Assert.Equal(3, old.Rows.Count);
        Assert.Equal(2L, Convert.ToInt64(old["id"][1]));
        Assert.Null(old["name"][2]);
        Assert.Equal("z", now["name"][0]);
    }

    private static async Task WriteParquetAsync(string path, long[] ids, string?[] names)
    {
        var id = new DataField<long>("id");
        var name = new DataField<string>("name", nullable: true);
        await using var f = File.Create(path);
        await using var w = await ParquetWriter.CreateAsync(new ParquetSchema(id, name), f);
        using var g = w.CreateRowGroup();
        await g.WriteAsync(id, new ReadOnlyMemory<long>(ids));
        await g.WriteAsync(name, names);
    }
}
