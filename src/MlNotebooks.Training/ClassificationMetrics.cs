namespace MlNotebooks.Training;

/// <summary>Metrics the frameworks do not give in the same form for every trainer.</summary>
public static class ClassificationMetrics
{
    /// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties averaged; labels are 0/1.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        double pos = labels.Count(l => l == 1), neg = labels.Count - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        var sumPos = ranks.Where((_, i) => labels[i] == 1).Sum();
        return (sumPos - pos * (pos + 1) / 2) / (pos * neg);
    }

    /// <summary>Mean binary log-loss of probabilities of class 1, clipped at 1e-15.</summary>
    public static double LogLoss(IReadOnlyList<double> p1, IReadOnlyList<int> labels) =>
        p1.Select((p, i) => -(labels[i] * Math.Log(Math.Max(p, 1e-15)) + (1 - labels[i]) * Math.Log(Math.Max(1 - p, 1e-15)))).Average();
}
