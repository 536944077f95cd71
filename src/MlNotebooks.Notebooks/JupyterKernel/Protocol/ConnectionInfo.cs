using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNotebooks.Notebooks.JupyterKernel.Protocol;

/// <summary>The connection file Jupyter writes for a kernel: where to bind the five sockets and the signing key.</summary>
internal sealed record ConnectionInfo(
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("shell_port")] int ShellPort,
    [property: JsonPropertyName("control_port")] int ControlPort,
    [property: JsonPropertyName("iopub_port")] int IopubPort,
    [property: JsonPropertyName("stdin_port")] int StdinPort,
    [property: JsonPropertyName("hb_port")] int HeartbeatPort,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("signature_scheme")] string SignatureScheme)
{
    /// <summary>The ZeroMQ endpoint of one port, on the connection file's address only.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"tcp://{Ip}:{port}";

    /// <summary>Reads and checks a connection file; a bad file is a one-line error naming what is wrong.</summary>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"connection file '{path}' does not exist; Jupyter passes it as {{connection_file}} in the kernelspec's argv");
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw MlnbException.Invalid($"connection file '{path}' is not valid JSON ({e.Message}); it must be the file Jupyter wrote");
        }
        if (info is null) throw MlnbException.Invalid($"connection file '{path}' is empty; it must be the file Jupyter wrote");
        info = info with { Transport = string.IsNullOrEmpty(info.Transport) ? "tcp" : info.Transport, Key = info.Key ?? "", SignatureScheme = string.IsNullOrEmpty(info.SignatureScheme) ? "hmac-sha256" : info.SignatureScheme };
        if (string.IsNullOrEmpty(info.Ip)) throw MlnbException.Invalid($"connection file '{path}' has no \"ip\"; add the address to bind, e.g. \"127.0.0.1\"");
        if (info.Transport is not ("tcp" or "ipc")) throw MlnbException.Invalid($"connection file '{path}': transport '{info.Transport}' is not supported; use \"tcp\" or \"ipc\"");
        if (info.SignatureScheme != "hmac-sha256") throw MlnbException.Invalid($"connection file '{path}': signature_scheme '{info.SignatureScheme}' is not supported; use \"hmac-sha256\"");
        foreach (var (name, port) in new[] { ("shell_port", info.ShellPort), ("control_port", info.ControlPort), ("iopub_port", info.IopubPort), ("stdin_port", info.StdinPort), ("hb_port", info.HeartbeatPort) })
            if (port is <= 0 or > 65535) throw MlnbException.Invalid($"connection file '{path}': {name} {port} is not a port; give a number in 1–65535");
        return info;
    }
}
