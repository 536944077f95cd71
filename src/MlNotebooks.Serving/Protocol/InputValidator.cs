using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Protocol;

/// <summary>Checks request tensors against a signature and puts them in its order; every failure is a 400 naming the field.</summary>
internal static class InputValidator
{
    public static string Describe(TensorSpec s) => $"{s.Name} ({s.Datatype}, shape [{string.Join(",", s.Shape)}])";

    public static Tensor[] Validate(IReadOnlyList<Tensor> given, ModelSignature signature, string model)
    {
        var result = new Tensor[signature.Inputs.Count];
        foreach (var t in given)
            if (!signature.Inputs.Any(s => s.Name == t.Name))
                throw MlnbException.Invalid($"input '{t.Name}' is not an input of model '{model}'; it takes {string.Join(", ", signature.Inputs.Select(Describe))}");
        for (var i = 0; i < signature.Inputs.Count; i++)
        {
            var spec = signature.Inputs[i];
            var t = given.FirstOrDefault(g => g.Name == spec.Name)
                ?? throw MlnbException.Invalid($"input '{spec.Name}' is missing; model '{model}' takes {string.Join(", ", signature.Inputs.Select(Describe))}");
            if (t.Datatype != spec.Datatype)
                throw MlnbException.Invalid($"input '{spec.Name}' has datatype {t.Datatype}; model '{model}' takes {spec.Datatype}");
            if (t.Shape.Length != spec.Shape.Count || t.Shape.Where((d, k) => d < 0 || (spec.Shape[k] >= 0 && spec.Shape[k] != d)).Any())
                throw MlnbException.Invalid($"input '{spec.Name}' has shape [{string.Join(",", t.Shape)}]; model '{model}' takes [{string.Join(",", spec.Shape)}] (-1 is any size)");
            var expected = t.Shape.Aggregate(1L, (a, b) => a * b);
            if (expected != t.Data.Length)
                throw MlnbException.Invalid($"input '{spec.Name}' has {t.Data.Length} values but shape [{string.Join(",", t.Shape)}] needs {expected}");
            result[i] = t;
        }
        return result;
    }

    public static int[] OutputIndexes(IReadOnlyList<string>? requested, ModelSignature signature, string model)
    {
        if (requested is null || requested.Count == 0) return [.. Enumerable.Range(0, signature.Outputs.Count)];
        return [.. requested.Select(name =>
        {
            var k = signature.Outputs.ToList().FindIndex(o => o.Name == name);
            return k >= 0 ? k : throw MlnbException.Invalid($"output '{name}' is not an output of model '{model}'; it has {string.Join(", ", signature.Outputs.Select(o => o.Name))}");
        })];
    }
}
