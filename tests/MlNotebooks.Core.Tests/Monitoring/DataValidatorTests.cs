using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Validation;

namespace MlNotebooks.Tests.Monitoring;

public sealed class DataValidatorTests
{
    private static readonly ColumnTable Table = new([
        TableColumn.Numeric("age", [25, 40, double.NaN, 150, -1]),
        TableColumn.Categorical("plan", ["free", "pro", "gold", null, "free"]),
        TableColumn.Numeric("id", [1, 2, 3, 3, 5]),
    ]);

    [Fact]
    public void Validate_ReportsEachFailedCheckWithItsNumbers()
    {
        var suite = SuiteFile.Parse("""
            min_rows: 10
            columns:
              age: { type: numeric, min: 0, max: 120, max_null_share: 0.1 }
              plan: { type: categorical, allowed: [free, pro, team], max_null_share: 0.5 }
              id: { unique: true }
              email: { type: categorical }
              optional: { required: false }
            """, "suite.yaml");
        var result = DataValidator.Validate(Table, suite);
        Assert.False(result.Passed);
        Assert.Equal([
            "rows: 5 row(s), needs at least 10",
            "column 'age' null_share: 1 of 5 missing (20.0 %), allowed 10.0 %",
            "column 'age' min: 1 value(s) below 0 (smallest -1)",
            "column 'age' max: 1 value(s) above 120 (largest 150)",
            "column 'plan' allowed: 1 value(s) not allowed: 'gold' ×1",
            "column 'id' unique: 1 value(s) repeated, e.g. '3' ×2",
            "column 'email' present: missing; the data has age, plan, id",
        ], result.FailureLines);
        Assert.Contains(result.Checks, c => c is { Column: "plan", Check: "null_share", Passed: true });
        Assert.Contains(result.Checks, c => c is { Column: "age", Check: "type", Passed: true });
    }

    [Fact]
    public void Validate_PassesWhenEveryExpectationHolds()
    {
        var suite = SuiteFile.Parse("""{"columns": {"age": {"type": "numeric", "max_null_share": 0.2}, "plan": {"allowed": ["free", "pro", "gold"]}}}""", "suite.json");
        Assert.True(DataValidator.Validate(Table, suite).Passed);
    }

    [Theory]
    [InlineData("columns:\n  age: { type: number }", "suite 's': column 'age' type must be numeric or categorical")]
    [InlineData("columns:\n  age: { mn: 0 }", "suite 's': column 'age' has an unknown key 'mn'; use type, min, max, allowed, max_null_share, unique, required")]
    [InlineData("columns:\n  age: { max_null_share: 2 }", "suite 's': column 'age' max_null_share must be between 0 and 1")]
    [InlineData("colums: {}", "suite 's' has an unknown key 'colums'; use 'columns' and 'min_rows'")]
    [InlineData("columns: {}", "suite 's' checks nothing; add expectations under 'columns'")]
    [InlineData("columns: [", "suite 's' is not valid JSON or YAML")]
    public void Parse_RejectsBadSuitesWithOneLine(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<MlnbException>(() => SuiteFile.Parse(text, "s")).Message);
}
