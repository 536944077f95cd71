using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Tests.Data;

public sealed class TabularColumnsTests
{
    private static string SeattlePath => Path.Combine(AppContext.BaseDirectory, "data", "seattle-weather.csv");

    private static string Csv(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "mlnb-tab-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static TabularData Load(string text, TabularOptions? o = null)
    {
        var path = Csv(text);
        try { return TabularData.Load(path, o); }
        finally { File.Delete(path); }
    }

    private static string Error(string text, TabularOptions? o = null) => Assert.Throws<MlnbException>(() => Load(text, o)).Message;

    [Fact]
    public void TheTaskRule_MakesAManyValuedOrFractionalLabelRegression_AndFewWholeOrTextLabelsClassification()
    {
        var temp = TabularData.Load(SeattlePath, new TabularOptions { Label = "temp_max", Features = ["precipitation", "temp_min", "wind", "weather"] });
        Assert.Equal(0, temp.Classes);
        Assert.Equal("regression: label 'temp_max' has 67 distinct values, not all whole numbers ≥ 0; pass --task classification to override", temp.TaskRule);
        Assert.Equal(1461, temp.Rows);

        var weather = TabularData.Load(SeattlePath, new TabularOptions { Features = ["precipitation", "temp_max", "temp_min", "wind"] });
        Assert.Equal(["drizzle", "fog", "rain", "snow", "sun"], weather.ClassNames);
        Assert.Equal(5, weather.Classes);
        Assert.Null(weather.Schema); // numbers only, none missing: the features are the columns
        Assert.Equal("classification: label 'weather' holds text (5 classes)", weather.TaskRule);

        // 347 whole values (the issue's case) are regression; 3 are classes; --task overrides the rule.
        var many = string.Join("\n", Enumerable.Range(0, 347).Select(i => $"{i % 7},{i}"));
        Assert.Equal(0, Load("x,y\n" + many).Classes);
        Assert.StartsWith("regression: label 'y' has 347 distinct values (more than 20)", Load("x,y\n" + many).TaskRule);
        Assert.Equal(3, Load("x,y\n1,0\n2,1\n3,2\n").Classes);
        Assert.Equal(0, Load("x,y\n1,0\n2,1\n3,2\n", new TabularOptions { Task = "regression" }).Classes);
        Assert.Equal("set by --task", Load("x,y\n1,0\n2,1\n3,2\n", new TabularOptions { Task = "regression" }).TaskRule);
        Assert.Equal(347, Load("x,y\n" + many, new TabularOptions { Task = "classification" }).Classes);
    }

    [Fact]
    public void TextColumns_AreOneHotWithAnUnknownBucket_AndMissingNumbersGetAnIndicator()
    {
        var data = Load("size,color,y\n1.5,red,0\n,blue,1\n2.5,NA,0\n3.5,red,1\n");

        Assert.Equal(["size", "size_missing", "color=blue", "color=red", "color=<unknown>"], data.FeatureNames);
        Assert.Equal([FeatureColumn.Number, FeatureColumn.Category], data.Schema!.Columns.Select(c => c.Type));
        Assert.Equal([1.5f, 0, 0, 1, 0], data.Row(0).ToArray());
        Assert.True(float.IsNaN(data.Row(1)[0]));
        Assert.Equal([1f, 1, 0, 0], data.Row(1)[1..].ToArray());
        Assert.Equal([2.5f, 0, 0, 0, 1], data.Row(2).ToArray()); // a missing category goes to the unknown bucket
    }

    [Fact]
    public void MissingNumbers_AreFilledWithTheTrainingRowsMedian_NotTheValidationRows()
    {
        var data = Load("a,y\n1,0\n2,1\n4,0\n,1\n100,0\n200,1\n,0\n");
        var train = data.Take([0, 1, 2, 3]);
        var val = data.Take([4, 5, 6]);

        var (t, v) = TabularData.ImputeMissing(train, val);

        Assert.Equal(2f, t.Schema!.Columns[0].Fill); // median of 1, 2, 4
        Assert.True(t.Schema.Fitted);
        Assert.Equal([2f, 1f], t.Row(3).ToArray());
        Assert.Equal([2f, 1f], v.Row(2).ToArray());
        Assert.Equal([100f, 0f], v.Row(0).ToArray());
        Assert.DoesNotContain(t.Features, float.IsNaN);
    }

    [Fact]
    public void LabelAndFeatures_PickColumnsByName()
    {
        var data = Load("a,b,c,y\n1,2,3,0\n4,5,6,1\n", new TabularOptions { Label = "a", Features = ["c", "b"] });

        Assert.Equal(["c", "b"], data.FeatureNames);
        Assert.Equal([3f, 2f, 6f, 5f], data.Features);
        Assert.Equal([1f, 4f], data.Labels);
        Assert.Equal("a", data.LabelName);
    }

    [Fact]
    public void BadColumns_FailWithOneLineNamingTheColumnAndTheFix()
    {
        Assert.Matches("^'[^']+' has no label column 'price'; its columns are a, y$", Error("a,y\n1,0\n", new TabularOptions { Label = "price" }));
        Assert.Contains("has no feature column 'z'; its columns are a, y", Error("a,y\n1,0\n", new TabularOptions { Features = ["z"] }));
        Assert.Contains("--features names the label column 'y'", Error("a,y\n1,0\n", new TabularOptions { Features = ["y"] }));
        Assert.Contains("column 'b' has no values (all 2 rows are missing); leave it out with --features", Error("a,b,y\n1,,0\n2,NA,1\n"));
        Assert.Contains("label column 'y' has no value in 1 row(s) (first: row 2); drop those rows or pick another --label", Error("a,y\n1,0\n2,\n"));
        Assert.Contains("label column 'y' holds text ('cat'); regression needs numbers: use --task classification or another --label", Error("a,y\n1,cat\n", new TabularOptions { Task = "regression" }));
        Assert.Contains("label column 'y' has the value 0.5; classification needs class numbers 0, 1, 2, ...: use --task regression", Error("a,y\n1,0.5\n", new TabularOptions { Task = "classification" }));
        Assert.Contains("column 'date' holds text with 1461 distinct values (more than 100: an identifier or a date, not a category); leave it out with --features",
            Assert.Throws<MlnbException>(() => TabularData.Load(SeattlePath, new TabularOptions { Label = "temp_max" })).Message);
        Assert.Equal("--task must be classification or regression, not 'ranking'", Error("a,y\n1,0\n", new TabularOptions { Task = "ranking" }));
        Assert.Contains("line 3 has 3 fields; expected 2", Error("a,y\n1,0\n1,2,3\n"));
    }

    [Fact]
    public void QuotedFieldsAndMissingTokens_AreRead()
    {
        var data = Load("city,n,y\n\"Portland, OR\",1,0\n\"Seattle, WA\",?,1\n");

        Assert.Equal(["Portland, OR", "Seattle, WA"], data.Schema!.Columns[0].Categories);
        Assert.True(data.Schema.Columns[1].MissingIndicator);
    }

    [Fact]
    public async Task MixedColumnsWrittenToParquet_LoadAsTheSameRowsAsTheCsv()
    {
        var csv = Csv("size,color,y\n1.5,red,0.5\n,blue,1.25\n2.5,NA,0.75\n3.5,red,1\n");
        var parquet = Path.ChangeExtension(csv, ".parquet");
        try
        {
            await TabularData.WriteParquetAsync(TabularData.ReadCsv(csv), parquet);
            var a = TabularData.Load(csv);
            var b = TabularData.Load(parquet);

            Assert.Equal(a.FeatureNames, b.FeatureNames);
            Assert.Equal(a.Features, b.Features); // NaN included: float equality treats NaN as equal to itself
            Assert.Equal(a.Labels, b.Labels);
            Assert.Equal(a.Schema!.Columns.Select(c => $"{c.Name}:{c.Type}:{string.Join("|", c.Categories)}:{c.MissingIndicator}"), b.Schema!.Columns.Select(c => $"{c.Name}:{c.Type}:{string.Join("|", c.Categories)}:{c.MissingIndicator}"));
        }
        finally
        {
            File.Delete(csv);
            File.Delete(parquet);
        }
    }
}
