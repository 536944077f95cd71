using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;

namespace MlNotebooks.Tests.Monitoring;

public sealed class DriftDetectorTests
{
    [Theory]
    [InlineData(ColumnKinds.Numeric, 1000, 6, "ks")]
    [InlineData(ColumnKinds.Numeric, 1000, 5, "chisquare")]
    [InlineData(ColumnKinds.Numeric, 1000, 3, "chisquare")]
    [InlineData(ColumnKinds.Numeric, 1000, 2, "z")]
    [InlineData(ColumnKinds.Categorical, 10, 3, "chisquare")]
    [InlineData(ColumnKinds.Categorical, 1000, 2, "z")]
    [InlineData(ColumnKinds.Categorical, 1000, 1, "z")]
    [InlineData(ColumnKinds.Numeric, 1001, 6, "wasserstein")]
    [InlineData(ColumnKinds.Numeric, 1001, 5, "jensenshannon")]
    [InlineData(ColumnKinds.Categorical, 1001, 50, "jensenshannon")]
    [InlineData(ColumnKinds.Categorical, 5000, 2, "jensenshannon")]
    public void ChooseDefault_FollowsEvidentlysTable(ColumnKinds kind, int referenceRows, int distinct, string expected) =>
        Assert.Equal(expected, StatTests.ChooseDefault(kind, referenceRows, distinct).Name);

    [Fact]
    public void Registry_DeclaresDirectionAndThresholdPerTest()
    {
        Assert.Equal(DriftDirection.PValueBelow, StatTests.Get("ks").Direction);
        Assert.Equal(0.05, StatTests.Get("ks").DefaultThreshold);
        Assert.Equal(DriftDirection.DistanceAtOrAbove, StatTests.Get("wasserstein").Direction);
        Assert.Equal(0.1, StatTests.Get("jensenshannon").DefaultThreshold);
        Assert.False(StatTests.Get("ks").Accepts(ColumnKinds.Categorical));
        Assert.True(DriftDirection.PValueBelow.Drifted(0.01, 0.05));
        Assert.False(DriftDirection.PValueBelow.Drifted(0.05, 0.05));
        Assert.True(DriftDirection.DistanceAtOrAbove.Drifted(0.1, 0.1));
    }

    private static double[] Normal(Random rng, int n, double mean)
    {
        var a = new double[n];
        for (var i = 0; i < n; i++) a[i] = mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return a;
    }

    private static ColumnTable Table(int n, double shiftA, double shiftB, string[]? colors = null, int seed = 1)
    {
        var rng = new Random(seed);
        return new ColumnTable([
            TableColumn.Numeric("a", Normal(rng, n, shiftA)),
            TableColumn.Numeric("b", Normal(rng, n, shiftB)),
            TableColumn.Categorical("color", colors ?? [.. Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" })]),
            TableColumn.Numeric("prediction", [.. Enumerable.Range(0, n).Select(i => (double)(i % 2))]),
        ]);
    }

    [Fact]
    public void Detect_FlagsDatasetDriftWhenHalfTheColumnsDrift()
    {
        var report = DriftDetector.Detect(Table(500, 0, 0), Table(500, 1.0, 0, seed: 2), new DriftOptions { PredictionColumn = "prediction" });
        Assert.Equal(["a", "b", "color"], report.Columns.Select(c => c.Column));
        Assert.Equal("ks", report.Columns[0].StatTest);
        Assert.Equal("chisquare", report.Columns[2].StatTest);
        Assert.True(report.Columns[0].Drifted);
        Assert.False(report.Columns[1].Drifted);
        Assert.False(report.Columns[2].Drifted);
        Assert.Equal(1, report.DriftedColumns);
        Assert.False(report.DatasetDrift); // 1 of 3 < 0.5
        Assert.Equal("z", report.Prediction!.StatTest);
        Assert.False(report.Prediction.Drifted);

        var strict = DriftDetector.Detect(Table(500, 0, 0), Table(500, 1.0, 0, seed: 2), new DriftOptions { PredictionColumn = "prediction", DriftShare = 0.3 });
        Assert.True(strict.DatasetDrift);
    }

    [Fact]
    public void Detect_AppliesPerColumnTestsAndThresholds()
    {
        var options = new DriftOptions
        {
            ColumnStatTests = new Dictionary<string, string> { ["a"] = "psi", ["color"] = "jensenshannon" },
            ColumnThresholds = new Dictionary<string, double> { ["b"] = 1e-300 },
        };
        var report = DriftDetector.Detect(Table(500, 0, 0), Table(500, 1.0, 0, seed: 2), options);
        Assert.Equal("psi", report.Columns[0].StatTest);
        Assert.Null(report.Columns[0].PValue);
        Assert.True(report.Columns[0].Drifted);
        Assert.Equal(1e-300, report.Columns[1].Threshold);
        Assert.Equal("jensenshannon", report.Columns[2].StatTest);
    }

    [Fact]
    public void Detect_UsesDistancesAboveAThousandReferenceRows()
    {
        var report = DriftDetector.Detect(Table(3000, 0, 0), Table(2000, 0.5, 0, seed: 2));
        Assert.Equal("wasserstein", report.Columns[0].StatTest);
        Assert.True(report.Columns[0].Drifted);
        Assert.Equal("jensenshannon", report.Columns[2].StatTest);
    }

    [Fact]
    public void Detect_RejectsAColumnMissingFromCurrentData()
    {
        var current = new ColumnTable([TableColumn.Numeric("a", [1, 2, 3])]);
        var e = Assert.Throws<MlnbException>(() => DriftDetector.Detect(Table(50, 0, 0), current));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Equal("column 'b' is in the reference but missing from the current data; add it to the current data or leave it out with --columns", e.Message);
    }

    [Fact]
    public void Detect_RejectsAChangedType()
    {
        var reference = new ColumnTable([TableColumn.Numeric("age", [1, 2, 3])]);
        var current = new ColumnTable([TableColumn.Categorical("age", ["1", "two", "3"])]);
        var e = Assert.Throws<MlnbException>(() => DriftDetector.Detect(reference, current));
        Assert.StartsWith("column 'age' is numeric in the reference but categorical in the current data", e.Message);
    }

    [Fact]
    public void Detect_RejectsEmptyWindowsAndAllMissingColumns()
    {
        var empty = new ColumnTable([TableColumn.Numeric("a", [])]);
        var some = new ColumnTable([TableColumn.Numeric("a", [1, 2, 3])]);
        Assert.StartsWith("the current window is empty", Assert.Throws<MlnbException>(() => DriftDetector.Detect(some, empty)).Message);
        Assert.StartsWith("the reference window is empty", Assert.Throws<MlnbException>(() => DriftDetector.Detect(empty, some)).Message);
        var missing = new ColumnTable([TableColumn.Numeric("a", [double.NaN, double.PositiveInfinity])]);
        Assert.Equal("column 'a' has no values in the current window (all 2 are missing); fill it or leave it out with --columns",
            Assert.Throws<MlnbException>(() => DriftDetector.Detect(some, missing)).Message);
    }

    [Fact]
    public void Detect_RejectsUnknownOrUnsuitableTests()
    {
        var t = Table(50, 0, 0);
        Assert.StartsWith("unknown stattest 'kss'; use one of ks, chisquare",
            Assert.Throws<MlnbException>(() => DriftDetector.Detect(t, t, new DriftOptions { StatTest = "kss" })).Message);
        Assert.Equal("stattest 'ks' does not accept categorical column 'color'; use one of chisquare, z, jensenshannon, psi",
            Assert.Throws<MlnbException>(() => DriftDetector.Detect(t, t, new DriftOptions { ColumnStatTests = new Dictionary<string, string> { ["color"] = "ks" } })).Message);
        Assert.StartsWith("an override names column 'nope'",
            Assert.Throws<MlnbException>(() => DriftDetector.Detect(t, t, new DriftOptions { ColumnThresholds = new Dictionary<string, double> { ["nope"] = 0.1 } })).Message);
        Assert.StartsWith("drift share 0 must be in (0, 1]",
            Assert.Throws<MlnbException>(() => DriftDetector.Detect(t, t, new DriftOptions { DriftShare = 0 })).Message);
    }

    [Fact]
    public void Detect_GivesPValuesNotNaNForDegenerateColumns()
    {
        var reference = new ColumnTable([TableColumn.Numeric("k", [5, 5, 5, 5]), TableColumn.Categorical("c", ["x", "x", "x", "x"])]);
        var r2 = new ColumnTable([TableColumn.Numeric("k", [5, 5, 5]), TableColumn.Categorical("c", ["x", "x", null])]);
        var report = DriftDetector.Detect(new ColumnTable([TableColumn.Numeric("k", [5, 5, 5]), TableColumn.Categorical("c", ["x", "x", "x"])]), r2);
        Assert.All(report.Columns, c => { Assert.Equal(1.0, c.PValue); Assert.False(c.Drifted); });
        foreach (var test in new[] { "ks", "chisquare", "wasserstein", "jensenshannon", "psi" })
        {
            var col = DriftDetector.Detect(reference, r2, new DriftOptions { Columns = ["k"], StatTest = test }).Columns[0];
            Assert.False(double.IsNaN(col.Score), test);
            Assert.False(col.Drifted, test);
        }
    }
}
