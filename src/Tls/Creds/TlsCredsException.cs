using Qcrypto.Errors;

namespace Qcrypto.Tls.Creds;

/// <summary>TLS credentials could not be loaded or used; the message is QEMU's.</summary>
public sealed class TlsCredsException : ObjectException
{
    public TlsCredsException(string code, string qemuMessage, string? objectId = null, string? property = null, Advice? hint = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, property, hint, inner)
    {
    }
}
