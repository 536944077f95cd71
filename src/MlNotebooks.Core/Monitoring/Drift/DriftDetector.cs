namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// Compares a current window with a reference, column by column (in parallel), with Evidently's default test per
/// column or the ones asked for, and decides dataset drift by the share of drifted columns.
/// </summary>
public static class DriftDetector
{
    /// <summary>Computes the drift report; bad input (missing columns, changed types, empty windows) is a one-line <see cref="MlnbException"/>.</summary>
    public static DriftReport Detect(ColumnTable reference, ColumnTable current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        options.Validate();
        if (reference.RowCount == 0 || reference.Columns.Count == 0)
            throw MlnbException.Invalid("the reference window is empty (0 rows); give reference data with at least one row");
        if (current.RowCount == 0 || current.Columns.Count == 0)
            throw MlnbException.Invalid("the current window is empty (0 rows); give current data with at least one row or a longer window");

        var names = options.Columns ?? reference.Columns.Select(c => c.Name).ToList();
        foreach (var n in options.ColumnStatTests.Keys.Concat(options.ColumnThresholds.Keys))
            if (!names.Contains(n) && n != options.PredictionColumn)
                throw MlnbException.Invalid($"an override names column '{n}', which is not compared; the columns are {string.Join(", ", names)}");
        if (options.PredictionColumn is { } pc && !names.Contains(pc)) names = [.. names, pc];

        var pairs = new (TableColumn Ref, TableColumn Cur)[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var r = reference.Find(name) ?? throw MlnbException.Invalid($"column '{name}' is not in the reference data; its columns are {string.Join(", ", reference.Columns.Select(c => c.Name))}");
            var c = current.Find(name) ?? throw MlnbException.Invalid($"column '{name}' is in the reference but missing from the current data; add it to the current data or leave it out with --columns");
            if (r.IsNumeric != c.IsNumeric)
                throw MlnbException.Invalid($"column '{name}' is {r.KindName} in the reference but {c.KindName} in the current data; make the types agree (e.g. fix the parsing of the current file)");
            pairs[i] = (r, c);
        }

        var results = new ColumnDrift[pairs.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount };
        var errors = new Exception?[pairs.Length];
        Parallel.For(0, pairs.Length, parallel, i =>
        {
            try { results[i] = Column(pairs[i].Ref, pairs[i].Cur, options); }
            catch (Exception e) { errors[i] = e; }
        });
        // The first bad column in the reference's order, as a plain exception (not an AggregateException).
        if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);

        var features = results.Where(r => r.Column != options.PredictionColumn).ToList();
        var prediction = options.PredictionColumn is null ? null : results.First(r => r.Column == options.PredictionColumn);
        var drifted = features.Count(r => r.Drifted);
        var share = features.Count == 0 ? 0 : drifted / (double)features.Count;
        return new DriftReport(features, prediction, drifted, share, options.DriftShare, features.Count > 0 && share >= options.DriftShare,
            reference.RowCount, current.RowCount);
    }

    /// <summary>One column's drift with the test chosen for it.</summary>
    public static ColumnDrift Column(TableColumn reference, TableColumn current, DriftOptions options)
    {
        var r = Sample(reference, "reference");
        var c = Sample(current, "current");
        var kind = r.Kind;
        var testName = options.ColumnStatTests.GetValueOrDefault(reference.Name) ?? options.StatTest;
        var test = testName is null ? StatTests.ChooseDefault(kind, r.Count, ValueCounts.DistinctCountUpTo(r, c, 6)) : StatTests.Get(testName);
        if (!test.Accepts(kind))
            throw MlnbException.Invalid($"stattest '{test.Name}' does not accept {reference.KindName} column '{reference.Name}'; use one of {string.Join(", ", StatTests.All.Values.Where(t => t.Accepts(kind)).Select(t => t.Name))}");
        var threshold = options.ColumnThresholds.TryGetValue(reference.Name, out var t) ? t : options.Threshold ?? test.DefaultThreshold;
        var result = test.Compute(r, c);
        if (double.IsNaN(result.Score) || (result.PValue is { } p && double.IsNaN(p)))
            throw new MlnbException(ErrorCode.InternalError, $"stattest '{test.Name}' gave no score (NaN) for column '{reference.Name}'; this is a bug, please report it with the data");
        return new ColumnDrift(reference.Name, reference.KindName, test.Name, test.DisplayName, test.Direction, result.Statistic, result.PValue,
            result.Score, threshold, test.Direction.Drifted(result.Score, threshold), r.Count, c.Count);
    }

    private static DriftSample Sample(TableColumn column, string window)
    {
        var s = column.IsNumeric ? DriftSample.Numeric(column.Numbers) : DriftSample.Categorical(column.Labels!);
        if (s.Count == 0)
            throw MlnbException.Invalid($"column '{column.Name}' has no values in the {window} window (all {column.Length} are missing); fill it or leave it out with --columns");
        return s;
    }
}
