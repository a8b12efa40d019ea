namespace Qcrypto.Tls.Authz;

/// <summary>QEMU's QAuthZ: decides whether an identity (an x509 DN, a PSK user) is allowed.</summary>
public interface IAuthorizer
{
    /// <summary>True if <paramref name="identity"/> is allowed; throws on a failure to decide.</summary>
    bool IsAllowed(string identity);
}
