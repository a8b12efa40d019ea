using Org.BouncyCastle.X509;

namespace Qcrypto.TestCerts;

/// <summary>A signed CRL.</summary>
public sealed class IssuedCrl
{
    internal IssuedCrl(X509Crl crl, IReadOnlyList<long> revokedSerials)
    {
        Crl = crl;
        RevokedSerials = revokedSerials;
    }

    /// <summary>The CRL.</summary>
    public X509Crl Crl { get; }

    /// <summary>The serial numbers it revokes, in the order they were added.</summary>
    public IReadOnlyList<long> RevokedSerials { get; }

    /// <summary>DER bytes.</summary>
    public byte[] ToDer() => Crl.GetEncoded();

    /// <summary>"-----BEGIN X509 CRL-----" PEM, the form QEMU's ca-crl.pem must have.</summary>
    public string ToPem() => Pem.Encode("X509 CRL", Crl.GetEncoded());
}
