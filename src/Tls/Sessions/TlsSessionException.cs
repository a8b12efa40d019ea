using Qcrypto.Errors;

namespace Qcrypto.Tls;

/// <summary>A TLS session failed: setup, handshake, peer verification or I/O. Messages are QEMU's.</summary>
public sealed class TlsSessionException : QcryptoException
{
    public TlsSessionException(string code, string qemuMessage, string? objectId = null, string? hint = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, null, hint, inner)
    {
    }
}
