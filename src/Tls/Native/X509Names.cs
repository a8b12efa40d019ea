using Qcrypto.Tls.Native.SafeHandles;

namespace Qcrypto.Tls.Native;

/// <summary>Names of a certificate as GnuTLS prints them.</summary>
internal static unsafe class X509Names
{
    /// <summary>gnutls_x509_crt_get_dn: the subject DN in certificate order ("C=UK,CN=qemu"), as QEMU's authz sees it.</summary>
    public static string Dn(SafeX509CertificateHandle cert)
    {
        nuint size = 1024;
        while (true)
        {
            var buffer = new byte[size];
            int rc;
            fixed (byte* p = buffer)
            {
                rc = Interop.GnuTls.gnutls_x509_crt_get_dn(cert, p, ref size);
            }

            if (rc == Interop.GnuTls.GNUTLS_E_SHORT_MEMORY_BUFFER)
            {
                continue;
            }

            if (rc < 0)
            {
                throw new TlsSessionException(TlsErrorCodes.Verify, $"Cannot get client distinguished name: {Interop.GnuTls.StrError(rc)}");
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)size).TrimEnd('\0');
        }
    }

    /// <summary>The DNS and IP subjectAltNames, or the CN when there are none (for hints).</summary>
    public static IEnumerable<string> SubjectNames(SafeX509CertificateHandle cert)
    {
        var names = new List<string>();
        for (uint i = 0; ; i++)
        {
            var buffer = new byte[256];
            nuint size = (nuint)buffer.Length;
            int rc;
            fixed (byte* p = buffer)
            {
                rc = Interop.GnuTls.gnutls_x509_crt_get_subject_alt_name(cert, i, p, ref size, out _);
            }

            if (rc == Interop.GnuTls.GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || (rc < 0 && rc != Interop.GnuTls.GNUTLS_E_SHORT_MEMORY_BUFFER))
            {
                break;
            }

            if (rc == GNUTLS_SAN_DNSNAME)
            {
                names.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, (int)size));
            }
            else if (rc == GNUTLS_SAN_IPADDRESS && size is 4 or 16)
            {
                names.Add(new System.Net.IPAddress(buffer.AsSpan(0, (int)size)).ToString());
            }
        }

        return names.Count > 0 ? names : [$"(no subjectAltName) {Dn(cert)}"];
    }

    private const int GNUTLS_SAN_DNSNAME = 1;
    private const int GNUTLS_SAN_IPADDRESS = 4;
}
