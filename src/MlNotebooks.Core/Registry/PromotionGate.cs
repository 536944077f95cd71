using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNotebooks.Registry;

/// <summary>
/// A condition a version must meet before an alias moves to it. Three forms:
/// <c>metrics.auc &gt;= 0.95</c> (a threshold on the source run's metric),
/// <c>metrics.auc &gt;= @production - 0.01</c> (not worse than the alias's current version by more than a margin),
/// and <c>approvals &gt;= 1</c> (approvals recorded for the target alias, and no rejection).
/// </summary>
public sealed partial record PromotionGate
{
    private PromotionGate(string expression, GateKind kind, string? metric, string op, double value, string? baselineAlias)
    {
        Expression = expression;
        Kind = kind;
        Metric = metric;
        Operator = op;
        Value = value;
        BaselineAlias = baselineAlias;
    }

    /// <summary>The gate as written.</summary>
    public string Expression { get; }

    /// <summary>Which form it is.</summary>
    public GateKind Kind { get; }

    /// <summary>The metric key, for metric gates.</summary>
    public string? Metric { get; }

    /// <summary><c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c> or <c>&lt;</c>.</summary>
    public string Operator { get; }

    /// <summary>The threshold, the margin added to the baseline, or the number of approvals.</summary>
    public double Value { get; }

    /// <summary>The alias whose current version is the baseline, for comparison gates.</summary>
    public string? BaselineAlias { get; }

    [GeneratedRegex(@"^\s*metrics\.(?<m>[A-Za-z0-9_.\-/ ]+?)\s*(?<op>>=|<=|>|<)\s*(?:(?<num>[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)|@(?<alias>[A-Za-z0-9_\-]+)\s*(?:(?<sign>[-+])\s*(?<d>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))?)\s*$")]
    private static partial Regex MetricPattern();

    [GeneratedRegex(@"^\s*approvals\s*>=\s*(?<n>[0-9]+)\s*$")]
    private static partial Regex ApprovalPattern();

    /// <summary>Parses a gate; fails with the accepted forms when it is not one.</summary>
    public static PromotionGate Parse(string expression)
    {
        var m = MetricPattern().Match(expression);
        if (m.Success)
        {
            var metric = m.Groups["m"].Value;
            var op = m.Groups["op"].Value;
            if (m.Groups["num"].Success)
                return new(expression.Trim(), GateKind.MetricThreshold, metric, op, double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture), null);
            var delta = m.Groups["d"].Success ? double.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
            if (m.Groups["sign"].Value == "-") delta = -delta;
            return new(expression.Trim(), GateKind.NotWorseThanAlias, metric, op, delta, m.Groups["alias"].Value);
        }
        var a = ApprovalPattern().Match(expression);
        if (a.Success)
            return new(expression.Trim(), GateKind.Approvals, null, ">=", int.Parse(a.Groups["n"].Value, CultureInfo.InvariantCulture), null);
        throw MlnbException.Invalid($"gate '{expression}' is not understood; write 'metrics.auc >= 0.95', 'metrics.auc >= @production - 0.01' or 'approvals >= 1'");
    }

    /// <summary>True when <paramref name="actual"/> OP <paramref name="bound"/> holds.</summary>
    internal bool Compare(double actual, double bound) => Operator switch
    {
        ">=" => actual >= bound,
        ">" => actual > bound,
        "<=" => actual <= bound,
        _ => actual < bound,
    };

    /// <inheritdoc />
    public override string ToString() => Expression;
}

/// <summary>The forms a <see cref="PromotionGate"/> takes.</summary>
public enum GateKind
{
    /// <summary><c>metrics.X OP NUMBER</c>.</summary>
    MetricThreshold,
    /// <summary><c>metrics.X OP @ALIAS ± MARGIN</c>.</summary>
    NotWorseThanAlias,
    /// <summary><c>approvals &gt;= N</c>.</summary>
    Approvals,
}
