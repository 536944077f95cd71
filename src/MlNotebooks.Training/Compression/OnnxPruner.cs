namespace MlNotebooks.Training.Compression;

/// <summary>
/// Magnitude pruning: in each MatMul/Gemm weight initializer, the <c>sparsity</c> fraction of values with the smallest
/// |w| become 0 (ties at the threshold broken by position, so exactly that many are zeroed). The model stays float;
/// the zeros make it compress well and can then be quantized.
/// </summary>
internal static class OnnxPruner
{
    /// <summary>Prunes every candidate weight; returns the fraction of those weights that are zero afterwards.</summary>
    public static double Prune(OnnxDocument doc, double sparsity)
    {
        if (sparsity is < 0 or >= 1 || double.IsNaN(sparsity))
            throw MlnbException.Invalid($"--prune must be a fraction in [0, 1), e.g. 0.5 for half the weights, not {sparsity}");
        long zeros = 0, total = 0;
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in OnnxQuantizer.Candidates(doc))
        {
            if (!done.Add(c.Weight.Name)) continue;
            var w = c.Weight.Floats()!;
            var cut = (int)Math.Round(w.Length * sparsity);
            if (cut > 0)
            {
                var order = Enumerable.Range(0, w.Length).OrderBy(i => Math.Abs(w[i])).ThenBy(i => i).Take(cut);
                foreach (var i in order) w[i] = 0f;
            }
            zeros += w.Count(v => v == 0f);
            total += w.Length;
            var index = doc.Initializers.IndexOf(c.Weight);
            doc.Initializers[index] = OnnxTensor.Create(c.Weight.Name, OnnxTensor.FloatType, w, c.Weight.Dims);
        }
        return total == 0 ? 0 : (double)zeros / total;
    }
}
