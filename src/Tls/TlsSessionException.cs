using Qcrypto.Errors;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Tls;

/// <summary>A TLS session failed: setup, handshake, peer verification or I/O. Messages are QEMU's.</summary>
public sealed class TlsSessionException : QcryptoException
{
    public TlsSessionException(string code, string qemuMessage, string? objectId = null, Advice? hint = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, null, hint, inner)
    {
    }

    /// <summary>Where the session failed (null for setup and credential-check failures).</summary>
    public TlsStage? Stage { get; init; }

    /// <summary>The GnuTLS error code (GNUTLS_E_*), when GnuTLS reported the failure.</summary>
    public int? GnuTlsError { get; init; }

    /// <summary>The fatal alert the peer sent, when it sent one (also one GnuTLS could not decrypt).</summary>
    public TlsAlert? Alert { get; init; }

    /// <summary>The errno of the transport failure behind it (ECONNRESET, EPIPE, ...), if any.</summary>
    public int? Errno { get; init; }
}
