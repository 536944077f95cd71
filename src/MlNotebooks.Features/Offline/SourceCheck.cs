namespace MlNotebooks.Features.Offline;

/// <summary>Checks a source file against its view: timestamp, created, key and feature columns exist with fitting types.</summary>
internal static class SourceCheck
{
    public static DuckSchema Check(FeatureRepo repo, FeatureView view, ResolvedSource src, DuckSchema schema)
    {
        var at = $"source '{src.Source.Name}' ({src.Source.Path})";
        void Need(string column, string what)
        {
            if (!schema.Has(column)) throw MlnbException.Invalid($"{at} has no column '{column}' ({what} of feature view '{view.Name}'); its columns: {FeatureRepo.List(schema.Columns.Keys)}");
        }
        Need(src.Source.TimestampField, "timestamp_field");
        var tsType = schema.TypeOf(src.Source.TimestampField);
        if (DuckSchema.Family(tsType) is not ("time" or "string" or "integer"))
            throw MlnbException.Invalid($"{at}: timestamp_field '{src.Source.TimestampField}' is {tsType}; it must hold timestamps");
        if (src.Source.CreatedTimestampColumn is { } created) Need(created, "created_timestamp_column");
        foreach (var k in repo.JoinKeys(view)) Need(k, "join key");
        foreach (var f in view.Schema)
        {
            Need(f.Name, "feature");
            if (!DuckSchema.Fits(f.Dtype, schema.TypeOf(f.Name)))
                throw MlnbException.Invalid($"feature view '{view.Name}': feature '{f.Name}' is declared {f.Dtype} but {at} holds {schema.TypeOf(f.Name)}; fix its dtype in the schema");
        }
        return schema;
    }
}
