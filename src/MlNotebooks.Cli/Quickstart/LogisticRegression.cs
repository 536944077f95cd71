namespace MlNotebooks.Cli.Quickstart;

/// <summary>Standardized logistic regression trained by full-batch gradient descent: small, exact, dependency-free.</summary>
internal sealed class LogisticRegression
{
    private double[] _mean = [];
    private double[] _std = [];

    public double[] Weights { get; private set; } = [];

    public double Bias { get; private set; }

    public void FitScaler(double[][] x)
    {
        var d = x[0].Length;
        _mean = new double[d];
        _std = new double[d];
        for (var j = 0; j < d; j++)
        {
            _mean[j] = x.Average(r => r[j]);
            var m = _mean[j];
            _std[j] = Math.Sqrt(x.Average(r => (r[j] - m) * (r[j] - m))) is var s && s > 1e-12 ? s : 1;
        }
        Weights = new double[d];
    }

    public double Predict(double[] row)
    {
        var z = Bias;
        for (var j = 0; j < row.Length; j++) z += Weights[j] * (row[j] - _mean[j]) / _std[j];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>One gradient step with L2 penalty; returns the training log-loss before the step.</summary>
    public double Step(double[][] x, int[] y, double learningRate, double l2)
    {
        var d = Weights.Length;
        var grad = new double[d];
        double gradB = 0, loss = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var p = Predict(x[i]);
            var err = p - y[i];
            loss += -(y[i] * Math.Log(Math.Max(p, 1e-15)) + (1 - y[i]) * Math.Log(Math.Max(1 - p, 1e-15)));
            for (var j = 0; j < d; j++) grad[j] += err * (x[i][j] - _mean[j]) / _std[j];
            gradB += err;
        }
        for (var j = 0; j < d; j++) Weights[j] -= learningRate * (grad[j] / x.Length + l2 * Weights[j]);
        Bias -= learningRate * gradB / x.Length;
        return loss / x.Length;
    }

    public (double Accuracy, double LogLoss, double Auc) Evaluate(double[][] x, int[] y)
    {
        var p = x.Select(Predict).ToArray();
        var acc = p.Zip(y, (pi, yi) => (pi >= 0.5 ? 1 : 0) == yi ? 1.0 : 0.0).Average();
        var ll = p.Zip(y, (pi, yi) => -(yi * Math.Log(Math.Max(pi, 1e-15)) + (1 - yi) * Math.Log(Math.Max(1 - pi, 1e-15)))).Average();
        return (acc, ll, Auc(p, y));
    }

    /// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties averaged.</summary>
    internal static double Auc(double[] scores, int[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        double pos = labels.Count(l => l == 1), neg = labels.Length - pos;
        var sumPos = ranks.Where((_, i) => labels[i] == 1).Sum();
        return (sumPos - pos * (pos + 1) / 2) / (pos * neg);
    }
}
