using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// A GnuTLS priority string as GnuTLS parses it: the parsed handle, or GnuTLS's error and the token it stopped at.
/// QEMU 7.2 hands the string to gnutls_priority_set_direct when each session starts, so a bad string fails every
/// session, not the object; this parse tells the same verdict up front.
/// </summary>
internal sealed class TlsPriority : IDisposable
{
    private const string SystemConfig = "/etc/gnutls/config";

    private TlsPriority(string text, SafePriorityHandle? handle, int error, string? failingToken)
    {
        Text = text;
        Handle = handle;
        Error = error;
        FailingToken = failingToken;
    }

    public string Text { get; }

    /// <summary>The parsed string, or null when GnuTLS refused it.</summary>
    public SafePriorityHandle? Handle { get; }

    /// <summary>GnuTLS's error code when it refused the string (GNUTLS_E_INVALID_REQUEST), else 0.</summary>
    public int Error { get; }

    /// <summary>Where GnuTLS stopped: the rest of the string from the token it refused.</summary>
    public string? FailingToken { get; }

    /// <summary>True when sessions with this priority may negotiate TLS 1.3.</summary>
    public unsafe bool Tls13Enabled
    {
        get
        {
            if (Handle is null)
            {
                return false;
            }

            uint* list;
            var count = Interop.GnuTls.gnutls_priority_protocol_list(Handle, &list);
            for (var i = 0; i < count; i++)
            {
                if (list[i] == Interop.GnuTls.GNUTLS_TLS1_3)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Why GnuTLS refused the string, and what to write instead (null when it parsed).</summary>
    public string? Hint
    {
        get
        {
            if (Handle is not null)
            {
                return null;
            }

            if (FailingToken is { } at && at.StartsWith('@'))
            {
                var keyword = at[1..].Split(':', ',')[0];
                var config = Environment.GetEnvironmentVariable("GNUTLS_SYSTEM_PRIORITY_FILE") ?? SystemConfig;
                return File.Exists(config)
                    ? $"GnuTLS's system configuration {config} defines no priority '{keyword}': add it there, or write the string out (e.g. NORMAL:-VERS-TLS1.3)"
                    : $"'@{keyword}' names a priority of GnuTLS's system-wide configuration, and this host has none ({config} is missing; libvirt " +
                      "writes @SYSTEM for hosts with crypto-policies): write it out instead, e.g. NORMAL:-VERS-TLS1.3 for @SYSTEM:-VERS-TLS1.3";
            }

            return FailingToken is null
                ? "see https://gnutls.org/manual/html_node/Priority-Strings.html"
                : $"GnuTLS rejects the priority string at '{FailingToken.Split(':')[0]}' (see https://gnutls.org/manual/html_node/Priority-Strings.html)";
        }
    }

    public static unsafe TlsPriority Parse(string text)
    {
        GnuTlsLibrary.EnsureInitialized();

        // Our own NUL-terminated copy: GnuTLS reports the failing token as a pointer into it.
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\0");
        int rc;
        SafePriorityHandle handle;
        string? at = null;
        fixed (byte* start = bytes)
        {
            rc = Interop.GnuTls.gnutls_priority_init(out handle, start, out var errorPosition);
            if (rc < 0 && errorPosition >= start && errorPosition < start + bytes.Length)
            {
                at = System.Text.Encoding.UTF8.GetString(bytes, (int)(errorPosition - start), bytes.Length - 1 - (int)(errorPosition - start));
            }
        }

        if (rc >= 0)
        {
            return new TlsPriority(text, handle, 0, null);
        }

        handle.Dispose();
        return new TlsPriority(text, null, rc, at);
    }

    public void Dispose() => Handle?.Dispose();
}
