using System.Net.Sockets;

namespace Qcrypto.Tls.Sessions;

/// <summary>The errno behind a transport (socket) failure, whichever stream raised it.</summary>
public static class TlsTransportError
{
    public const int EPIPE = 32;
    public const int EAGAIN = 11;
    public const int ECONNRESET = 104;
    public const int ECONNABORTED = 103;
    public const int ETIMEDOUT = 110;

    /// <summary>
    /// The errno of the first <see cref="SocketException"/> in <paramref name="e"/>'s chain (the raw errno a
    /// file-descriptor stream wraps, or System.Net's portable SocketError mapped back), or null.
    /// </summary>
    public static int? Errno(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionReset => ECONNRESET,
                    SocketError.Shutdown => EPIPE,
                    SocketError.ConnectionAborted => ECONNABORTED,
                    SocketError.TimedOut => ETIMEDOUT,
                    SocketError.WouldBlock => EAGAIN,
                    _ => s.ErrorCode is > 0 and < 4096 ? s.ErrorCode : null,
                };
            }
        }

        return null;
    }
}
