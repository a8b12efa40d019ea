using System.Collections.Concurrent;
using System.Globalization;
using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Chardevs;

/// <summary>
/// The chardevs of one object registry by id (QEMU's -chardev list, created before the late objects), for
/// the objects that name one: rng-egd's and cryptodev-vhost-user's <c>chardev=</c>. Lines are refused
/// with QEMU 7.2's words; only client <c>socket</c> chardevs are modelled.
/// </summary>
public sealed class ChardevTable
{
    // QEMU 7.2's "socket" chardev options (qemu_chardev_opts), beyond id, path, host and port.
    private static readonly HashSet<string> SocketOptions = new(StringComparer.Ordinal)
    {
        "server", "wait", "reconnect", "abstract", "tight", "mux", "logfile", "logappend", "to", "ipv4", "ipv6",
        "delay", "nodelay", "telnet", "tn3270", "websocket", "tls-creds", "tls-authz", "fd",
    };

    // Every char driver name QEMU 7.2 (Debian) knows; only socket is modelled.
    private static readonly HashSet<string> Drivers = new(StringComparer.Ordinal)
    {
        "socket", "null", "file", "pipe", "pty", "serial", "tty", "parallel", "parport", "stdio", "udp", "ringbuf", "memory",
        "msmouse", "wctablet", "testdev", "braille", "spicevmc", "spiceport", "qemu-vdagent", "dbus", "vc", "mux",
    };

    private readonly ConcurrentDictionary<string, Chardev> _byId = new(StringComparer.Ordinal);

    /// <summary>Adds one <c>-chardev</c> line; a malformed line or a duplicate id is refused as QEMU 7.2 refuses it.</summary>
    public Chardev Add(string text)
    {
        var chardev = Parse(text);
        if (!_byId.TryAdd(chardev.Id, chardev))
        {
            throw new ObjectException(ErrorCodes.DuplicateId, $"Duplicate ID '{chardev.Id}' for chardev", chardev.Id, "id");
        }

        return chardev;
    }

    /// <summary>The chardev <paramref name="id"/>, or null.</summary>
    public Chardev? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Removes the chardev <paramref name="id"/>; false if there is none.</summary>
    public bool Remove(string id) => _byId.TryRemove(id, out _);

    private static Chardev Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
            throw Error($"chardev '{line.Id}': backend '{driver}' is not modelled by qcrypto (only socket chardevs are)", line.Id, "backend");
        }

        string? path = null, host = null, port = null;
        foreach (var option in line.Options)
        {
            switch (option.Name)
            {
                case "path": path = option.Value; break;
                case "host": host = option.Value; break;
                case "port": port = option.Value; break;
                case "server" when option.Value is "on" or "true" or "yes":
                    throw Error($"chardev '{line.Id}': server=on is not supported by qcrypto (the peer listens; give its socket as path= or host=,port=)", line.Id, "server");
                default:
                    if (!SocketOptions.Contains(option.Name))
                    {
                        throw Error($"Invalid parameter '{option.Name}'", line.Id, option.Name);
                    }

                    break;
            }
        }

        if (path is not null)
        {
            return new Chardev(line.Id, path, null, 0);
        }

        if (host is null)
        {
            // QEMU 7.2 takes a socket chardev with neither path nor host for an fd= one.
            throw Error("Unable to parse FD number", line.Id, "path");
        }

        if (port is null)
        {
            throw Error("chardev: socket: no port given", line.Id, "port");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            throw Error($"address resolution failed for {host}:{port}: Servname not supported for ai_socktype", line.Id, "port");
        }

        return new Chardev(line.Id, null, host, number);
    }

    private static ObjectException Error(string message, string? id, string property) =>
        new(ChardevErrorCodes.Syntax, message, id, property, "write -chardev socket,id=ID,path=/path/to/socket (or host=HOST,port=PORT)");
}
