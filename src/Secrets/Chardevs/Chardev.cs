using System.Net;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Rng;

namespace Qcrypto.Chardevs;

/// <summary>
/// A <c>-chardev socket</c> in client mode: a Unix socket (<c>path=</c>) or a TCP address (<c>host=,port=</c>)
/// that the object naming it (rng-egd, cryptodev-vhost-user) connects to. Other chardev backends are
/// not modelled; see the README's deliberate differences.
/// </summary>
public sealed record Chardev(string Id, string? Path, string? Host, int Port)
{
    /// <summary>Connects (QEMU's client socket chardev connects when it is created).</summary>
    public Socket Connect(string ownerId)
    {
        var socket = Path is not null ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Path is not null)
            {
                socket.Connect(new UnixDomainSocketEndPoint(Path));
            }
            else
            {
                socket.Connect(IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host!, Port));
            }

            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var where = Path ?? $"{Host}:{Port}";
            throw new ObjectException(RngErrorCodes.ChardevConnect, $"Failed to connect to '{where}': {e.Message}", ownerId, "chardev",
                "start the EGD daemon first, or check the chardev's path/port", e);
        }
    }
}
