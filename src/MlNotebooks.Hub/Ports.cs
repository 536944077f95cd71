using System.Net;
using System.Net.Sockets;

namespace MlNotebooks.Hub;

/// <summary>Loopback ports: is one free, and a free one.</summary>
internal static class Ports
{
    /// <summary>True when nothing listens on 127.0.0.1:<paramref name="port"/> (tried by binding it).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); // a listener still refuses; TIME_WAIT does not
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port the system picked as free, not among <paramref name="taken"/>.</summary>
    public static int Free(ICollection<int> taken)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (!taken.Contains(port))
            {
                taken.Add(port);
                return port;
            }
        }
    }
}
