using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.JupyterKernel.Protocol;

// The shell and control channels' contents (messaging spec 5.3), one record per message content.

/// <summary><c>kernel_info_reply</c>.</summary>
internal sealed record KernelInfoReply(string Status, string ProtocolVersion, string Implementation, string ImplementationVersion,
    LanguageInfo LanguageInfo, string Banner, bool Debugger, IReadOnlyList<HelpLink> HelpLinks);

/// <summary>The language part of <c>kernel_info_reply</c>.</summary>
internal sealed record LanguageInfo(string Name, string Version, string Mimetype, string FileExtension, string PygmentsLexer, string CodemirrorMode);

/// <summary>One entry of <c>help_links</c>.</summary>
internal sealed record HelpLink(string Text, string Url);

/// <summary><c>execute_request</c>; a missing <c>stop_on_error</c> means true (as ipykernel).</summary>
internal sealed record ExecuteRequest(string Code = "", bool Silent = false, bool StoreHistory = true, Dictionary<string, string>? UserExpressions = null,
    bool AllowStdin = true, bool StopOnError = true);

/// <summary><c>execute_reply</c> when the cell ran.</summary>
internal sealed record ExecuteReplyOk(int ExecutionCount, JsonObject UserExpressions, IReadOnlyList<JsonObject> Payload, string Status = "ok");

/// <summary><c>execute_reply</c> (and any reply) that failed or was aborted: status <c>error</c> (spec 5.1+, never <c>aborted</c>).</summary>
internal sealed record ErrorReply(string Ename, string Evalue, IReadOnlyList<string> Traceback, int? ExecutionCount = null, string Status = "error");

/// <summary><c>complete_request</c>.</summary>
internal sealed record CompleteRequest(string Code = "", int? CursorPos = null);

/// <summary><c>complete_reply</c>.</summary>
internal sealed record CompleteReply(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd, JsonObject Metadata, string Status = "ok");

/// <summary><c>inspect_request</c>.</summary>
internal sealed record InspectRequest(string Code = "", int? CursorPos = null, int DetailLevel = 0);

/// <summary><c>inspect_reply</c>.</summary>
internal sealed record InspectReply(bool Found, JsonObject Data, JsonObject Metadata, string Status = "ok");

/// <summary><c>is_complete_request</c>.</summary>
internal sealed record IsCompleteRequest(string Code = "");

/// <summary><c>is_complete_reply</c>: complete, incomplete (with an indent), invalid or unknown.</summary>
internal sealed record IsCompleteReply(string Status, string? Indent = null);

/// <summary><c>history_request</c>: tail, range or search (glob) over this kernel's session.</summary>
internal sealed record HistoryRequest(bool Output = false, bool Raw = true, string HistAccessType = "tail", int Session = 0, int Start = 0, int? Stop = null,
    int? N = null, string Pattern = "*", bool Unique = false);

/// <summary><c>history_reply</c>: (session, line, input) or (session, line, [input, output]) triples.</summary>
internal sealed record HistoryReply(IReadOnlyList<JsonArray> History, string Status = "ok");

/// <summary><c>shutdown_request</c> and <c>shutdown_reply</c>.</summary>
internal sealed record ShutdownContent(bool Restart = false, string? Status = null);

/// <summary><c>interrupt_reply</c>.</summary>
internal sealed record InterruptReply(string Status = "ok");

/// <summary><c>comm_info_reply</c>: this kernel opens no comms.</summary>
internal sealed record CommInfoReply(JsonObject Comms, string Status = "ok");
