using System.Globalization;
using System.Text;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Profiles;
using MlNotebooks.Registry;
using MlNotebooks.Storage;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Monitoring;

/// <summary>
/// The drift reference a version gets at registration: the run's training input is kept in the content store (by its
/// md5) and profiled once; a second version trained on the same data reuses it; a stored profile reads back as it was
/// and merges like a fresh one. Real workspace (SQLite), real content store.
/// </summary>
public sealed class ReferenceProfileTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private Workspace _ws = null!;

    public async Task InitializeAsync() => _ws = await Workspaces.OpenAsync("sqlite", _dir);

    public async Task DisposeAsync()
    {
        await _ws.DisposeAsync();
        _dir.Dispose();
    }

    private const string Signature = """{"inputs":[{"name":"Features","datatype":"FP32","shape":[-1,2],"columns":["age","income"]}],"outputs":[{"name":"Score","datatype":"FP32","shape":[-1]}]}""";

    /// <summary>A CSV of <paramref name="rows"/> rows: two numeric features, a categorical one and a label.</summary>
    private string Csv(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("age,income,city,label\n");
        for (var i = 0; i < rows; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{rng.Next(18, 90)},{Math.Round(rng.NextDouble() * 90000 + 10000, 2).ToString(CultureInfo.InvariantCulture)},{(i % 7 == 0 ? "" : new[] { "oslo", "lima", "pune" }[rng.Next(3)])},{rng.Next(2)}\n");
        var path = _dir.File(name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>A finished run with a model folder (fake ONNX bytes: the core never parses them) and, when given, a training input.</summary>
    private async Task<string> RunAsync(string? data)
    {
        var run = await _ws.Tracking.CreateRunAsync("ref");
        if (data is not null)
            await _ws.Tracking.LogInputsAsync(run.RunId, [new DatasetInput(Path.GetFileName(data), await ContentStore.HashFileAsync(data), "local", data, "training")]);
        var folder = _dir.File("m-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), "onnx-bytes" + run.RunId);
        await File.WriteAllTextAsync(Path.Combine(folder, "signature.json"), Signature);
        await _ws.Tracking.LogArtifactAsync(run.RunId, folder, "model");
        await _ws.Tracking.EndRunAsync(run.RunId);
        return run.RunId;
    }

    private int StoredObjects() => Directory.Exists(_ws.Content.ObjectsRoot) ? Directory.GetFiles(_ws.Content.ObjectsRoot, "*", SearchOption.AllDirectories).Length : 0;

    [Fact]
    public async Task Register_KeepsTheTrainingInputAndItsProfileOnce_AndASecondVersionOnTheSameDataReusesThem()
    {
        var data = Csv("train.csv", 500, 1);
        var v1 = await _ws.Registry.RegisterAsync(await RunAsync(data), "model", "churn");

        var reference = Assert.IsType<ModelReference>(_ws.Registry.GetReference(v1));
        Assert.Equal(await ContentStore.HashFileAsync(data), reference.DataMd5);
        Assert.Equal("train.csv", reference.FileName);
        Assert.Equal(await File.ReadAllTextAsync(data), await File.ReadAllTextAsync(reference.DataPath));
        Assert.NotNull(reference.ProfileMd5);
        var profile = await _ws.Registry.ReadProfileAsync(reference.ProfileMd5!);
        var expected = TableProfile.Of(CsvTable.Read(data));
        Assert.Equal(ProfileJson.ToJson(expected), ProfileJson.ToJson(profile));
        Assert.Equal(500, profile.Rows);
        Assert.Equal(["age", "income", "city", "label"], profile.Columns.Select(c => c.Name));
        Assert.Equal("categorical", profile.Find("city")!.Kind);
        Assert.Equal(expected.Find("income")!.Moments.Mean, profile.Find("income")!.Moments.Mean);

        // The same data again: the version points at the same two objects, and only the new package files were added.
        File.Delete(data); // reuse needs no raw file: the first version's reference is used
        var before = StoredObjects();
        var runId = await RunAsync(null);
        await _ws.Tracking.LogInputsAsync(runId, [new DatasetInput("train.csv", reference.DataMd5, "local", data, "training")]);
        var v2 = await _ws.Registry.RegisterAsync(runId, "model", "churn");
        var again = Assert.IsType<ModelReference>(_ws.Registry.GetReference(v2));
        Assert.Equal((reference.DataMd5, reference.ProfileMd5), (again.DataMd5, again.ProfileMd5));
        Assert.Equal(before + 2, StoredObjects()); // run 2's model.onnx and MLmodel; no second copy of the data or the profile
    }

    [Fact]
    public async Task Register_WithoutATrainingInput_KeepsNoReference_AndSaysWhy()
    {
        var bare = await _ws.Registry.RegisterAsync(await RunAsync(null), "model", "bare");
        Assert.Null(_ws.Registry.GetReference(bare));
        Assert.DoesNotContain(bare.Tags.Keys, k => k.StartsWith("mlnb.reference", StringComparison.Ordinal));

        var runId = await RunAsync(null);
        await _ws.Tracking.LogInputsAsync(runId, [new DatasetInput("gone.csv", "0123456789abcdef0123456789abcdef", "local", _dir.File("gone.csv"), "training")]);
        var missing = await _ws.Registry.RegisterAsync(runId, "model", "bare");
        Assert.Null(_ws.Registry.GetReference(missing));
        Assert.DoesNotContain(missing.Tags.Keys, k => k.StartsWith("mlnb.reference", StringComparison.Ordinal));
        Assert.Contains("its training input 'gone.csv' (0123456789abcdef0123456789abcdef) was not in the content store nor, with that content, at", _ws.Registry.WhyNoReference(missing));
        Assert.Equal($"its run {bare.RunId} recorded no dataset input", _ws.Registry.WhyNoReference(bare));
    }

    [Fact]
    public void StoredProfile_ReadsBackAsItWas_AndMergesLikeAFreshOne()
    {
        var a = TableProfile.Of(CsvTable.Read(Csv("a.csv", 300, 2)));
        var b = TableProfile.Of(CsvTable.Read(Csv("b.csv", 200, 3)));
        var json = ProfileJson.ToJson(a);
        Assert.Equal(json, ProfileJson.ToJson(TableProfile.Of(CsvTable.Read(_dir.File("a.csv"))))); // same data, same bytes
        var back = ProfileJson.Parse(json, "a");
        Assert.Equal(json, ProfileJson.ToJson(back));
        var merged = back.Merge(ProfileJson.Parse(ProfileJson.ToJson(b), "b"));
        var fresh = a.Merge(b);
        Assert.Equal(500, merged.Rows);
        foreach (var (m, f) in merged.Columns.Zip(fresh.Columns))
        {
            Assert.Equal(f.Moments, m.Moments);
            Assert.Equal(f.Distinct.Registers.ToArray(), m.Distinct.Registers.ToArray());
            Assert.Equal(f.Frequent.Top, m.Frequent.Top);
            Assert.Equal(f.Quantiles.Count, m.Quantiles.Count);
        }
        var e = Assert.Throws<MlnbException>(() => ProfileJson.Parse("{\"format\":\"other\"}", "profile x"));
        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.Contains("profile x is not a mlnb-profile/1 profile", e.Message);
    }

    [Fact]
    public void SklearnCsv_GetsTheColumnNamesTrainingGivesIt()
    {
        var path = _dir.File("sk.csv");
        File.WriteAllText(path, "3,2,no,yes\n1.5,2,0\n2.5,3,1\n3.5,4,0\n");
        var table = CsvTable.Read(path);
        Assert.Equal(["f0", "f1", "label"], table.Columns.Select(c => c.Name));
        Assert.Equal(3, table.RowCount);
        Assert.Equal([1.5, 2.5, 3.5], table.Find("f0")!.Numbers!);
    }
}
