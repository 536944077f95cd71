using MlNotebooks.Storage.Sql;
using MlNotebooks.Tracking.Search;

namespace MlNotebooks.Tests.Tracking;

public sealed class FilterParserTests
{
    [Fact]
    public void AndBindsTighterThanOr()
    {
        var node = FilterParser.Parse("metrics.a > 1 OR metrics.b > 2 AND params.c = 'x'");
        var or = Assert.IsType<OrNode>(node);
        Assert.IsType<ComparisonNode>(or.Left);
        Assert.IsType<AndNode>(or.Right);
    }

    [Fact]
    public void ParenthesesOverridePrecedence()
    {
        var and = Assert.IsType<AndNode>(FilterParser.Parse("(metrics.a > 1 OR metrics.b > 2) AND params.c = 'x'"));
        Assert.IsType<OrNode>(and.Left);
    }

    [Theory]
    [InlineData("metrics.acc >= -1.5e-3", "acc", ">=", -0.0015)]
    [InlineData("metric.`f1 score` != 2", "f1 score", "!=", 2.0)]
    [InlineData("metrics.\"val/loss\" == 0.5", "val/loss", "=", 0.5)]
    public void MetricComparisons_ParseKeysOperatorsAndNumbers(string text, string key, string op, double value)
    {
        var c = Assert.IsType<ComparisonNode>(FilterParser.Parse(text));
        Assert.Equal(FilterEntity.Metric, c.Entity);
        Assert.Equal(key, c.Key);
        Assert.Equal(op, c.Operator);
        Assert.Equal(value, (double)c.Values[0]);
    }

    [Fact]
    public void StringsMayUseEitherQuote_AndEscapedQuotes()
    {
        var c = Assert.IsType<ComparisonNode>(FilterParser.Parse("tags.note = 'it''s'"));
        Assert.Equal("it's", c.Values[0]);
        var d = Assert.IsType<ComparisonNode>(FilterParser.Parse("params.x NOT IN (\"a\", 'b')"));
        Assert.Equal("NOT IN", d.Operator);
        Assert.Equal(["a", "b"], d.Values.Cast<string>());
    }

    [Fact]
    public void KeywordsAreCaseInsensitive()
    {
        Assert.IsType<AndNode>(FilterParser.Parse("params.a like 'x%' and tags.b ilike 'Y'"));
    }

    [Fact]
    public void EmptyFilter_IsNull() => Assert.Null(FilterParser.Parse("  "));

    [Theory]
    [InlineData("ab%c_", "ab*c?")]
    [InlineData("a*b?[c]", "a[*]b[?][[]c]")]
    [InlineData(@"100\%", "100%")]
    public void LikePatterns_BecomeCaseSensitiveGlobs(string like, string glob) =>
        Assert.Equal(glob, SqliteDatabase.LikeToGlob(like));
}
