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
}
