namespace MlNotebooks.Notebooks.Execution;

/// <summary>How a notebook run ended.</summary>
/// <param name="Succeeded">True when every cell ran.</param>
/// <param name="OutputPath">Where the executed notebook was written.</param>
/// <param name="Duration">Wall time of the run.</param>
/// <param name="CellsRun">Code cells executed.</param>
/// <param name="Failure">The failed cell, or null.</param>
/// <param name="Parameters">The parameters injected (name → value as given).</param>
/// <param name="Notes">Messages for the user (resume plan, truncation).</param>
public sealed record RunResult(bool Succeeded, string OutputPath, TimeSpan Duration, int CellsRun, CellFailure? Failure,
    IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> Notes);

/// <summary>The cell that stopped a run.</summary>
/// <param name="CellIndex">Index of the cell in the output notebook (0-based).</param>
/// <param name="ExecutionCount">Its In [N] number.</param>
/// <param name="ExceptionName">Exception type (or CompilationError, CellTimeoutError).</param>
/// <param name="Message">The exception message.</param>
/// <param name="Traceback">A short traceback.</param>
public sealed record CellFailure(int CellIndex, int ExecutionCount, string ExceptionName, string Message, IReadOnlyList<string> Traceback);
