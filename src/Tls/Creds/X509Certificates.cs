using Qcrypto.Objects;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// Certificate loading as QEMU 7.2's sanity check does it: the file is read whole with glib and handed
/// to GnuTLS up to its first NUL (QEMU passes strlen(buf)), PEM only.
/// </summary>
internal static class X509Certificates
{
    /// <summary>QEMU's MAX_CERTS: a ca-cert.pem with more certificates fails to import.</summary>
    public const int MaxCaCertificates = 16;

    /// <summary>The file's bytes up to the first NUL, or a glib message.</summary>
    public static byte[] ReadAsCString(string path)
    {
        var bytes = GlibFile.ReadAll(path);
        var nul = Array.IndexOf(bytes, (byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }

    /// <summary>Imports one PEM certificate; returns the GnuTLS code on failure.</summary>
    public static unsafe int Import(byte[] pem, out SafeX509CertificateHandle cert)
    {
        var rc = Interop.GnuTls.gnutls_x509_crt_init(out cert);
        if (rc < 0)
        {
            return rc;
        }

        fixed (byte* p = pem)
        {
            return Interop.GnuTls.gnutls_x509_crt_import(cert, new Interop.GnuTls.Datum { Data = p, Size = (uint)pem.Length }, Interop.GnuTls.GNUTLS_X509_FMT_PEM);
        }
    }

    /// <summary>gnutls_x509_crt_list_import into at most <see cref="MaxCaCertificates"/> certificates.</summary>
    public static unsafe int ImportList(byte[] pem, out List<SafeX509CertificateHandle> certs)
    {
        certs = [];
        var raw = stackalloc IntPtr[MaxCaCertificates];
        uint max = MaxCaCertificates;
        int rc;
        fixed (byte* p = pem)
        {
            rc = Interop.GnuTls.gnutls_x509_crt_list_import(raw, ref max, new Interop.GnuTls.Datum { Data = p, Size = (uint)pem.Length }, Interop.GnuTls.GNUTLS_X509_FMT_PEM, 0);
        }

        if (rc >= 0)
        {
            for (var i = 0; i < max; i++)
            {
                certs.Add(new SafeX509CertificateHandle(raw[i]));
            }
        }

        return rc;
    }
}
