using System.Runtime.InteropServices;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Sessions;

/// <summary>
/// The non-blocking half of <see cref="TlsSession"/>, as QEMU drives its sessions from the main loop: each
/// call does what the transport allows and returns; "would block" is a result, not a wait. With it both
/// ends of an in-process pair run on one thread.
/// </summary>
public sealed partial class TlsSession
{
    private const int WriteDirection = 1;

    /// <summary>
    /// qcrypto_tls_session_handshake: advances the handshake as far as the transport allows. Returns
    /// <see cref="TlsHandshakeStatus.Complete"/> or what it waits for; throws <see cref="TlsSessionException"/> on failure.
    /// </summary>
    public TlsHandshakeStatus HandshakeStep()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (HandshakeComplete)
        {
            return TlsHandshakeStatus.Complete;
        }

        var rc = Interop.GnuTls.gnutls_handshake(_handle);
        if (rc == 0)
        {
            HandshakeComplete = true;
            return TlsHandshakeStatus.Complete;
        }

        if (rc is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.Error is null)
        {
            return Interop.GnuTls.gnutls_record_get_direction(_handle) == WriteDirection ? TlsHandshakeStatus.WantsWrite : TlsHandshakeStatus.WantsRead;
        }

        if (TlsTransportError.Errno(_transport.PushError) is TlsTransportError.EPIPE or TlsTransportError.ECONNRESET)
        {
            _transport.DrainForAlert();
        }

        throw Failure("TLS handshake failed", rc, TlsErrorCodes.Handshake, TlsStage.Handshake, _transport.Error);
    }

    /// <summary>
    /// Receives decrypted data: the bytes read, 0 when the peer closed, or <see cref="TlsTransport.WouldBlock"/>.
    /// Throws <see cref="TlsSessionException"/> on failure.
    /// </summary>
    public unsafe int TryRead(Span<byte> buffer)
    {
        EnsureReady();
        if (buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            var n = Interop.GnuTls.gnutls_record_recv(_handle, p, (nuint)buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            if (n is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.PullError is null)
            {
                return TlsTransport.WouldBlock;
            }

            if (n == Interop.GnuTls.GNUTLS_E_PREMATURE_TERMINATION)
            {
                PeerTruncated = true;
                return 0;
            }

            throw Failure("Cannot read from TLS channel", (int)n, TlsErrorCodes.Session, TlsStage.Read, _transport.PullError);
        }
    }

    /// <summary>
    /// Encrypts and sends some of <paramref name="data"/>: the bytes taken, or <see cref="TlsTransport.WouldBlock"/>
    /// (call again with the same data, as GnuTLS requires). Throws <see cref="TlsSessionException"/> on failure.
    /// </summary>
    public unsafe int TryWrite(ReadOnlySpan<byte> data)
    {
        EnsureReady();
        fixed (byte* p = data)
        {
            var n = Interop.GnuTls.gnutls_record_send(_handle, p, (nuint)data.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            if (n is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.PushError is null)
            {
                return TlsTransport.WouldBlock;
            }

            throw Failure("Cannot write to TLS channel", (int)n, TlsErrorCodes.Session, TlsStage.Write, _transport.PushError);
        }
    }

    /// <summary>Decrypted bytes waiting to be read (gnutls_record_check_pending).</summary>
    public int PendingBytes => _disposed ? 0 : (int)Interop.GnuTls.gnutls_record_check_pending(_handle);

    /// <summary>The PSK identity the client sent (PSK servers, after the handshake), else null.</summary>
    public string? PskUsername => !_disposed && HandshakeComplete && _creds is TlsCredsPsk && Endpoint == TlsEndpoint.Server
        ? Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_psk_server_get_username(_handle)) is { Length: > 0 } user ? user : null
        : null;
}
