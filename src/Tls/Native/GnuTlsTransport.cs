using System.Runtime.InteropServices;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Tls.Native;

/// <summary>
/// Carries a GnuTLS session's records over a <see cref="TlsTransport"/> (a blocking Stream or a non-blocking
/// pair of callbacks): GnuTLS calls the static push/pull trampolines with a GCHandle to this object as its
/// transport pointer. "Would block" becomes errno EAGAIN for GnuTLS; a failing transport sets errno EIO
/// and keeps the exception, so the caller sees the real cause.
/// </summary>
internal sealed unsafe class GnuTlsTransport : IDisposable
{
    private const int EIO = 5;
    private const int EAGAIN = 11;

    private readonly TlsTransport _stream;
    private readonly IntPtr _session;
    private GCHandle _self;

    public GnuTlsTransport(SafeSessionHandle session, TlsTransport stream)
    {
        _stream = stream;
        _session = session.DangerousGetHandle();
        _self = GCHandle.Alloc(this);
        Interop.GnuTls.gnutls_transport_set_ptr(session, GCHandle.ToIntPtr(_self));
        Interop.GnuTls.gnutls_transport_set_push_function(session, &Push);
        Interop.GnuTls.gnutls_transport_set_pull_function(session, &Pull);
        Interop.GnuTls.gnutls_transport_set_pull_timeout_function(session, &PullTimeout);
    }

    /// <summary>What the peer's records looked like on the wire (see <see cref="TlsRecordScanner"/>).</summary>
    public TlsRecordScanner Received { get; } = new();

    /// <summary>The last exception the stream threw inside a callback, if any.</summary>
    public Exception? Error { get; private set; }

    /// <summary>The last exception of a write (the writer thread's), if any.</summary>
    public Exception? PushError { get; private set; }

    /// <summary>The last exception of a read (the reader thread's), if any.</summary>
    public Exception? PullError { get; private set; }

    public void ClearError() => Error = PushError = PullError = null;

    /// <summary>
    /// After a write failed because the peer reset or closed the connection: reads what the peer sent before it went
    /// (a connection in that state never blocks a read), so <see cref="Received"/> sees the alert that said why.
    /// </summary>
    public void DrainForAlert()
    {
        var buffer = new byte[16384];
        try
        {
            for (var total = 0; total < 1 << 16;)
            {
                var n = _stream.Read(buffer);
                if (n <= 0)
                {
                    return;
                }

                Received.Feed(buffer.AsSpan(0, n));
                total += n;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or System.Net.Sockets.SocketException)
        {
        }
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static nint Push(IntPtr pointer, byte* data, nuint length)
    {
        var self = (GnuTlsTransport)GCHandle.FromIntPtr(pointer).Target!;
        try
        {
            var n = self._stream.Write(new ReadOnlySpan<byte>(data, (int)Math.Min(length, int.MaxValue)));
            if (n == TlsTransport.WouldBlock)
            {
                Interop.GnuTls.gnutls_transport_set_errno(self._session, EAGAIN);
                return -1;
            }

            return n;
        }
        catch (Exception e)
        {
            self.PushError = e;
            return self.Fail(e);
        }
    }

    [UnmanagedCallersOnly]
    private static nint Pull(IntPtr pointer, byte* data, nuint length)
    {
        var self = (GnuTlsTransport)GCHandle.FromIntPtr(pointer).Target!;
        try
        {
            var buffer = new Span<byte>(data, (int)Math.Min(length, int.MaxValue));
            var n = self._stream.Read(buffer);
            if (n == TlsTransport.WouldBlock)
            {
                Interop.GnuTls.gnutls_transport_set_errno(self._session, EAGAIN);
                return -1;
            }

            self.Received.Feed(buffer[..n]);
            return n;
        }
        catch (Exception e)
        {
            self.PullError = e;
            return self.Fail(e);
        }
    }

    /// <summary>Always report data as (about to be) available: Pull blocks (streams) or says EAGAIN (non-blocking).</summary>
    [UnmanagedCallersOnly]
    private static int PullTimeout(IntPtr pointer, uint milliseconds) => 1;

    private nint Fail(Exception e)
    {
        Error = e;
        Interop.GnuTls.gnutls_transport_set_errno(_session, EIO);
        return -1;
    }
}
