using System.Runtime.CompilerServices;
using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>A <c>-chardev socket,id=ID,path=PATH</c>: the unix socket a cryptodev-vhost-user connects through.</summary>
public sealed record SocketChardev(string Id, string Path);

/// <summary>
/// The chardevs of one object registry (QEMU creates them before the late objects, so a
/// cryptodev-vhost-user finds its chardev= here). Only unix-socket client chardevs are modelled:
/// that is what vhost-user needs from one.
/// </summary>
public sealed class ChardevTable
{
    private static readonly ConditionalWeakTable<ObjectRegistry, ChardevTable> Tables = new();

    // QEMU 7.2's "socket" chardev options (qemu_chardev_opts), beyond id and path.
    private static readonly HashSet<string> SocketOptions = new(StringComparer.Ordinal)
    {
        "server", "wait", "reconnect", "abstract", "tight", "mux", "logfile", "logappend", "host", "port", "to", "ipv4", "ipv6",
        "delay", "nodelay", "telnet", "tn3270", "websocket", "tls-creds", "tls-authz", "fd",
    };

    // Every char driver name QEMU 7.2 (Debian) knows; only socket is modelled.
    private static readonly HashSet<string> Drivers = new(StringComparer.Ordinal)
    {
        "socket", "null", "file", "pipe", "pty", "serial", "tty", "parallel", "parport", "stdio", "udp", "ringbuf", "memory",
        "msmouse", "wctablet", "testdev", "braille", "spicevmc", "spiceport", "qemu-vdagent", "dbus", "vc", "mux",
    };

    private readonly Dictionary<string, SocketChardev> _chardevs = new(StringComparer.Ordinal);

    /// <summary>The table of <paramref name="registry"/> (created empty on first use).</summary>
    public static ChardevTable For(ObjectRegistry registry) => Tables.GetValue(registry, _ => new ChardevTable());

    public SocketChardev? Find(string id) => _chardevs.GetValueOrDefault(id);

    /// <summary>Adds one <c>-chardev</c> line, refused with QEMU 7.2's words where it has them.</summary>
    public SocketChardev Add(string text)
    {
        var line = ObjectLine.Parse(text);
        var driver = line.Type ?? string.Empty;
        if (line.Id is null)
        {
            throw Error("chardev: no id specified", null, "id");
        }

        if (!Drivers.Contains(driver))
        {
            throw Error($"'{driver}' is not a valid char driver name", line.Id, "backend");
        }

        if (driver != "socket")
        {
            throw Error($"chardev '{line.Id}': backend '{driver}' is not modelled by qcrypto (vhost-user needs socket,path=)", line.Id, "backend");
        }

        string? path = null;
        foreach (var option in line.Options)
        {
            if (option.Name == "path")
            {
                path = option.Value;
            }
            else if (!SocketOptions.Contains(option.Name))
            {
                throw Error($"Invalid parameter '{option.Name}'", line.Id, option.Name);
            }
            else if (option.Name is "server" && option.Value is "on" or "true" or "yes")
            {
                throw Error($"chardev '{line.Id}': server=on is not supported by qcrypto (the vhost-user back-end listens; give its socket as path=)", line.Id, "server");
            }
        }

        if (path is null)
        {
            // QEMU 7.2 takes a socket chardev with neither path nor host for an fd= one.
            throw Error("Unable to parse FD number", line.Id, "path");
        }

        if (_chardevs.ContainsKey(line.Id))
        {
            throw Error($"attempt to add duplicate property '{line.Id}' to object (type 'container')", line.Id, "id");
        }

        var chardev = new SocketChardev(line.Id, path);
        _chardevs[line.Id] = chardev;
        return chardev;
    }

    private static ObjectException Error(string message, string? id, string property) =>
        new(ErrorCodes.InvalidParameterValue, message, id, property, "write -chardev socket,id=ID,path=/path/to/vhost-user.sock");
}
