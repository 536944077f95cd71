using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.JupyterKernel.Protocol;

// The iopub and stdin channels' contents, one record per message content.

/// <summary><c>status</c>: busy, idle or starting.</summary>
internal sealed record Status(string ExecutionState);

/// <summary><c>execute_input</c>: the code being run, broadcast to every client.</summary>
internal sealed record ExecuteInput(string Code, int ExecutionCount);

/// <summary><c>stream</c>: stdout or stderr text.</summary>
internal sealed record StreamText(string Name, string Text);

/// <summary><c>display_data</c> and <c>update_display_data</c>; <c>transient.display_id</c> ties an update to its display.</summary>
internal sealed record DisplayData(JsonObject Data, JsonObject Metadata, JsonObject Transient);

/// <summary><c>execute_result</c>.</summary>
internal sealed record ExecuteResult(int ExecutionCount, JsonObject Data, JsonObject Metadata);

/// <summary><c>error</c> on iopub.</summary>
internal sealed record ErrorContent(string Ename, string Evalue, IReadOnlyList<string> Traceback);

/// <summary><c>clear_output</c>.</summary>
internal sealed record ClearOutput(bool Wait);

/// <summary><c>input_request</c> on stdin.</summary>
internal sealed record InputRequest(string Prompt, bool Password);

/// <summary><c>input_reply</c> on stdin.</summary>
internal sealed record InputReply(string Value = "");
