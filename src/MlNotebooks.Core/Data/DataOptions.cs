namespace MlNotebooks.Data;

/// <summary>Options of data versioning; defaults suit a laptop.</summary>
public sealed class DataOptions
{
    /// <summary>Files hashed at once (default: one per core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Objects transferred to or from a remote at once.</summary>
    public int TransferParallelism { get; init; } = 8;

    /// <summary>
    /// Copy large files into the cache with <c>O_DIRECT</c> writes (Linux x86-64 with AVX-512, where files are hashed
    /// sixteen at a time, on file systems that allow it): no second cached copy of the data, at the disk's speed. Off by
    /// default: on an idle 2-core machine page-cache writes were faster (1 GB: 0.67 s vs 1.24 s, and 1.24 s vs 1.59 s).
    /// </summary>
    public bool DirectWrites { get; init; }

    /// <summary>How checkout places files.</summary>
    public LinkType LinkType { get; init; } = LinkType.Copy;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Parallelism < 1) throw MlnbException.Invalid($"data parallelism {Parallelism} must be at least 1");
        if (TransferParallelism < 1) throw MlnbException.Invalid($"transfer parallelism {TransferParallelism} must be at least 1");
    }
}
