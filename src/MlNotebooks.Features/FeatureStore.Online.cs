using System.Text.Json;
using MlNotebooks.Features.Online;

namespace MlNotebooks.Features;

public sealed partial class FeatureStore
{
    /// <summary>
    /// The latest materialized values for entity rows given as columns (join key → values), Feast's
    /// <c>get_online_features</c>. Every join key the requested views need must be given, each with one value per row.
    /// </summary>
    public OnlineResponse GetOnlineFeatures(IEnumerable<string> features, IReadOnlyDictionary<string, IReadOnlyList<object?>> entityRows, bool fullFeatureNames = false)
    {
        var selections = Repo.ResolveReferences(features);
        if (entityRows.Count == 0) throw MlnbException.Invalid("entities: none given; pass the join keys, e.g. {\"driver_id\": [1001, 1002]}");
        var rows = entityRows.Values.First().Count;
        foreach (var (k, v) in entityRows)
            if (v.Count != rows) throw MlnbException.Invalid($"entities: '{k}' has {v.Count} values but '{entityRows.Keys.First()}' has {rows}; give one value per entity row for every key");
        var names = new List<string>(entityRows.Keys);
        var results = entityRows.Values.Select(v => new OnlineFeatureValues(v, Enumerable.Repeat("PRESENT", rows).ToArray(), Enumerable.Repeat(DateTimeOffset.UnixEpoch, rows).ToArray())).ToList();
        var seen = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var sel in selections)
        {
            var keys = Repo.JoinKeys(sel.View);
            var missing = keys.FirstOrDefault(k => !entityRows.ContainsKey(k));
            if (missing is not null) throw MlnbException.Invalid($"entities: join key '{missing}' of feature view '{sel.View.Name}' is missing; add \"{missing}\": [...]");
            var encoded = new string[rows];
            var keyValues = new object?[keys.Count];
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < keys.Count; k++) keyValues[k] = entityRows[keys[k]][r];
                encoded[r] = EntityKeys.Encode(keyValues);
            }
            var stored = OnlineStore.Read(Repo.Project, sel.View.Name, encoded);
            var docs = stored.Select(s => s is null ? null : JsonDocument.Parse(s.ValuesJson)).ToArray();
            foreach (var f in sel.Features)
            {
                var name = fullFeatureNames ? $"{sel.View.Name}__{f.Name}" : f.Name;
                if (!seen.Add(name)) throw MlnbException.Invalid($"feature name '{name}' appears twice; set full_feature_names to true");
                var index = sel.View.Schema.ToList().IndexOf(f);
                var values = new object?[rows];
                var statuses = new string[rows];
                var times = new DateTimeOffset[rows];
                for (var r = 0; r < rows; r++)
                {
                    if (docs[r] is not { } d || index >= d.RootElement.GetArrayLength()) { statuses[r] = "NOT_FOUND"; times[r] = DateTimeOffset.UnixEpoch; continue; }
                    values[r] = OnlineValues.ToObject(d.RootElement[index], f.Dtype);
                    statuses[r] = values[r] is null ? "NULL_VALUE" : "PRESENT";
                    times[r] = DateTimeOffset.UnixEpoch.AddTicks(stored[r]!.EventMicros * 10);
                }
                names.Add(name);
                results.Add(new OnlineFeatureValues(values, statuses, times));
            }
            foreach (var d in docs) d?.Dispose();
        }
        return new OnlineResponse(names, results);
    }
}
