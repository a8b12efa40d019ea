using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Rng;

/// <summary>
/// A <c>-chardev socket</c> the way rng-egd uses one: a Unix socket (<c>path=</c>) or a TCP address
/// (<c>host=,port=</c>) that the client end connects to. The library has no other chardevs; see the
/// README's deliberate differences.
/// </summary>
public sealed record Chardev(string Id, string? Path, string? Host, int Port)
{
    /// <summary>Parses <c>socket,id=ID,path=PATH</c> or <c>socket,id=ID,host=HOST,port=PORT</c>.</summary>
    public static Chardev Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Split(',');
        if (parts[0] != "socket")
        {
            throw new ObjectException(RngErrorCodes.ChardevSyntax, $"chardev: backend \"{parts[0]}\" is not supported (only socket)", property: "backend");
        }

        string? id = null, path = null, host = null, port = null;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq < 0 ? (part, "on") : (part[..eq], part[(eq + 1)..]);
            switch (name)
            {
                case "id": id = value; break;
                case "path": path = value; break;
                case "host": host = value; break;
                case "port": port = value; break;
                case "server" or "wait" when value is "off" or "no" or "false": break;
                default:
                    throw new ObjectException(RngErrorCodes.ChardevSyntax, $"Invalid parameter '{name}'", id, name);
            }
        }

        if (id is null)
        {
            throw new ObjectException(RngErrorCodes.ChardevSyntax, "chardev: \"socket\" chardev requires an id", property: "id");
        }

        if ((path is null) == (host is null && port is null))
        {
            throw new ObjectException(RngErrorCodes.ChardevSyntax, "chardev: socket requires either path= or host=,port=", id);
        }

        if (path is null && !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ObjectException(RngErrorCodes.ChardevSyntax, "chardev: socket requires a numeric port", id, "port");
        }

        return new Chardev(id, path, host ?? "127.0.0.1", path is null ? int.Parse(port!, CultureInfo.InvariantCulture) : 0);
    }

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
