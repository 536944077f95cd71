using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.Tests.JupyterKernel;

/// <summary>The wire format and its HMAC-SHA256 signatures, checked against an HMAC computed here independently.</summary>
public sealed class WireCodecTests
{
    private static List<byte[]> Frames(string key, string msgId = "m1")
    {
        var parts = new[] { $$"""{"msg_id":"{{msgId}}","msg_type":"execute_request","session":"s","username":"u","date":"","version":"5.3"}""", "{}", "{}", """{"code":"1+1"}""" }
            .Select(Encoding.UTF8.GetBytes).ToList();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        var signature = Convert.ToHexStringLower(hmac.ComputeHash(parts.SelectMany(p => p).ToArray()));
        return [Encoding.ASCII.GetBytes("client-id"), Encoding.ASCII.GetBytes("<IDS|MSG>"), Encoding.ASCII.GetBytes(signature), .. parts];
    }

    [Fact]
    public void RightlySignedMessage_IsDecoded_WithItsIdentity()
    {
        var message = new WireCodec(new MessageSigner("secret")).Decode(Frames("secret"), out var problem);
        Assert.Null(problem);
        Assert.Equal("execute_request", message!.MsgType);
        Assert.Equal("1+1", (string?)message.Content["code"]);
        Assert.Equal("client-id", Encoding.ASCII.GetString(Assert.Single(message.Identities)));
    }

    [Fact]
    public void WrongKey_ReplayAndGarbage_AreDropped_SayingWhy()
    {
        var codec = new WireCodec(new MessageSigner("secret"));
        Assert.Null(codec.Decode(Frames("other"), out var forged));
        Assert.Equal("invalid signature", forged);
        Assert.NotNull(codec.Decode(Frames("secret", "once"), out _));
        Assert.Null(codec.Decode(Frames("secret", "once"), out var replay));
        Assert.Equal("replayed signature", replay);
        Assert.Null(codec.Decode([Encoding.ASCII.GetBytes("no delimiter")], out var garbage));
        Assert.StartsWith("malformed message", garbage);
    }

    [Fact]
    public void EncodedMessage_IsSignedOverTheExactBytesSent_AndDecodesBack()
    {
        var codec = new WireCodec(new MessageSigner("secret"));
        var request = codec.Decode(Frames("secret"), out _)!;
        var reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, request, "kernel-session");
        var frames = codec.Encode(reply);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("secret"));
        Assert.Equal(Convert.ToHexStringLower(hmac.ComputeHash(frames.Skip(3).Take(4).SelectMany(p => p).ToArray())), Encoding.ASCII.GetString(frames[2]));
        var back = new WireCodec(new MessageSigner("secret")).Decode(frames, out var problem);
        Assert.Null(problem);
        Assert.Equal("m1", (string?)back!.ParentHeader["msg_id"]);
        Assert.Equal("5.3", (string?)back.Header["version"]);
    }

    [Fact]
    public void EmptyKey_DisablesSigning()
    {
        var frames = Frames("x");
        frames[2] = [];
        Assert.NotNull(new WireCodec(new MessageSigner("")).Decode(frames, out _));
        Assert.Empty(new WireCodec(new MessageSigner("")).Encode(JupyterMessage.Create("status", new JsonObject(), null, "s"))[1]);
    }
}
