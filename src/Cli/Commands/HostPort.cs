using System.Globalization;
using System.Net;

namespace Qcrypto.Cli.Commands;

/// <summary>HOST:PORT as given on the command line ([v6]:port for IPv6 literals).</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    public static HostPort Parse(string text, string option)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UsageException($"{option}: '{text}' is not HOST:PORT", "e.g. 127.0.0.1:10809, localhost:0 (any free port), [::1]:10809");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return new HostPort(host, port);
    }

    public IPAddress[] Resolve()
    {
        try
        {
            return IPAddress.TryParse(Host, out var ip) ? [ip] : Dns.GetHostAddresses(Host);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"cannot resolve {Host}: {e.Message}");
        }
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
