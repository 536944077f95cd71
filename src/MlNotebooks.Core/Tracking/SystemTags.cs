namespace MlNotebooks.Tracking;

/// <summary>Tag names with a meaning, spelled as MLflow spells them so MLflow tools read them.</summary>
public static class SystemTags
{
    /// <summary>The parent of a nested run.</summary>
    public const string ParentRunId = "mlflow.parentRunId";
    /// <summary>The run's name.</summary>
    public const string RunName = "mlflow.runName";
    /// <summary>Who started the run.</summary>
    public const string User = "mlflow.user";
    /// <summary>Source file or notebook.</summary>
    public const string SourceName = "mlflow.source.name";
    /// <summary>NOTEBOOK, JOB, LOCAL, ...</summary>
    public const string SourceType = "mlflow.source.type";
    /// <summary>Git commit of the source.</summary>
    public const string GitCommit = "mlflow.source.git.commit";
    /// <summary>Free-text description shown in run views.</summary>
    public const string Note = "mlflow.note.content";
    /// <summary>The host whose process owns a RUNNING run (set by runs started through <see cref="ActiveRun"/>).</summary>
    public const string Host = "mlnb.host";
    /// <summary>The pid of the process that owns a RUNNING run.</summary>
    public const string Pid = "mlnb.pid";
    /// <summary>That process's start time (see <c>ProcessIdentity</c>), so a reused pid is not mistaken for it.</summary>
    public const string PidStart = "mlnb.pidStart";
    /// <summary>When the owning process last said it was alive (ms since the epoch), refreshed every 30 s.</summary>
    public const string Heartbeat = "mlnb.heartbeat";
    /// <summary>Why a run ended without its process ending it (e.g. the process was killed).</summary>
    public const string EndReason = "mlnb.endReason";
}
