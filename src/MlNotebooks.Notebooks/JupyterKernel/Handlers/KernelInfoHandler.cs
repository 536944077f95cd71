using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary><c>kernel_info_request</c>: who we are, the language, where to read more.</summary>
internal sealed class KernelInfoHandler : IMessageHandler
{
    public static string Version { get; } = typeof(KernelInfoHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static LanguageInfo Language { get; } = new("C#", "14.0", "text/x-csharp", ".cs", "csharp", "text/x-csharp");

    public static string Banner { get; } =
        $"MlNotebooks C# kernel {Version} (.NET {Environment.Version}, .NET Interactive C#)\n" +
        "Magics loaded: #!track #!data #!train #!registry #!deploy; Track.Metric(...) from C#. No #r lines needed.";

    public string MsgType => "kernel_info_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        session.Reply(channel, request, "kernel_info_reply", new KernelInfoReply("ok", JupyterMessage.ProtocolVersion, "mlnb", Version, Language, Banner, Debugger: false,
        [
            new HelpLink("C# language", "https://learn.microsoft.com/dotnet/csharp/"),
            new HelpLink(".NET API browser", "https://learn.microsoft.com/dotnet/api/"),
            new HelpLink(".NET Interactive", "https://github.com/dotnet/interactive"),
        ]));
        return Task.CompletedTask;
    }
}
