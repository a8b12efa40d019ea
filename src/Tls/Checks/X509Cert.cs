using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// One certificate as GnuTLS parses it, with the facts the checker needs read out once. Owns the GnuTLS
/// handle (for verification calls) until disposed.
/// </summary>
internal sealed unsafe class X509Cert : IDisposable
{
    private X509Cert(SafeX509CertificateHandle handle)
    {
        Handle = handle;
        Subject = Dn(handle, issuer: false);
        Issuer = Dn(handle, issuer: true);
        NotBefore = DateTimeOffset.FromUnixTimeSeconds(Interop.GnuTls.gnutls_x509_crt_get_activation_time(handle));
        NotAfter = DateTimeOffset.FromUnixTimeSeconds(Interop.GnuTls.gnutls_x509_crt_get_expiration_time(handle));
        var bc = Interop.GnuTls.gnutls_x509_crt_get_basic_constraints(handle, out _, out _, out _);
        IsCA = bc > 0;
        HasBasicConstraints = bc >= 0;
        PkAlgorithm = Interop.GnuTls.gnutls_x509_crt_get_pk_algorithm(handle, out var bits);
        KeyBits = bits;
        KeyAlgorithmName = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_pk_algorithm_get_name(PkAlgorithm)) ?? $"algorithm {PkAlgorithm}";
        SignatureAlgorithm = Interop.GnuTls.gnutls_x509_crt_get_signature_algorithm(handle);
        SignatureAlgorithmName = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_sign_get_name(SignatureAlgorithm)) ?? $"algorithm {SignatureAlgorithm}";
        SignatureSecure = SignatureAlgorithm > 0 && Interop.GnuTls.gnutls_sign_is_secure2(SignatureAlgorithm, Interop.GnuTls.GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS) != 0;
        SelfSigned = Interop.GnuTls.gnutls_x509_crt_check_issuer(handle, handle) != 0;
        KeyId = ReadKeyId(handle);
        (DnsNames, IpAddresses) = ReadSubjectAltNames(handle);
        ReadKeyUsage(handle);
        ReadKeyPurposes(handle);
    }

    public SafeX509CertificateHandle Handle { get; }

    public string Subject { get; }

    public string Issuer { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public bool IsCA { get; }

    public bool HasBasicConstraints { get; }

    public int PkAlgorithm { get; }

    public uint KeyBits { get; }

    public string KeyAlgorithmName { get; }

    public int SignatureAlgorithm { get; }

    public string SignatureAlgorithmName { get; }

    public bool SignatureSecure { get; }

    public bool SelfSigned { get; }

    public byte[]? KeyId { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public IReadOnlyList<string> IpAddresses { get; }

    /// <summary>keyUsage bits, or null when the extension is absent.</summary>
    public uint? KeyUsage { get; private set; }

    public bool KeyUsageCritical { get; private set; }

    /// <summary>extendedKeyUsage OIDs, or null when the extension is absent.</summary>
    public IReadOnlyList<string>? KeyPurposes { get; private set; }

    public bool KeyPurposesCritical { get; private set; }

    /// <summary>"RSA 2048", "ECDSA 256", ...</summary>
    public string KeyDescription => PkAlgorithm < 0 ? $"a key GnuTLS cannot use ({Interop.GnuTls.StrError(PkAlgorithm)})"
        : PkAlgorithm == Interop.GnuTls.GNUTLS_PK_ECDSA ? $"ECDSA P-{KeyBits}" : $"{KeyAlgorithmName} {KeyBits}";

    /// <summary>The names a peer can dial: DNS and IP subjectAltNames.</summary>
    public IEnumerable<string> Names => DnsNames.Select(n => $"DNS:{n}").Concat(IpAddresses.Select(a => $"IP:{a}"));

    /// <summary>Whether <paramref name="issuer"/>'s subject is this certificate's issuer (GnuTLS's name comparison).</summary>
    public bool IsIssuedBy(X509Cert issuer) => Interop.GnuTls.gnutls_x509_crt_check_issuer(Handle, issuer.Handle) != 0;

    /// <summary>GnuTLS's hostname check (RFC 6125: DNS and IP subjectAltNames, the CN only without DNS names).</summary>
    public bool MatchesHostname(string hostname) => Interop.GnuTls.gnutls_x509_crt_check_hostname(Handle, hostname) != 0;

    /// <summary>Every PEM certificate in <paramref name="pem"/>, or the GnuTLS error code.</summary>
    public static int ImportPemList(ReadOnlySpan<byte> pem, out List<X509Cert> certs)
    {
        certs = [];
        int rc;
        IntPtr* list;
        uint count;
        fixed (byte* p = pem)
        {
            rc = Interop.GnuTls.gnutls_x509_crt_list_import2(out list, out count, new Interop.GnuTls.Datum { Data = p, Size = (uint)pem.Length },
                Interop.GnuTls.GNUTLS_X509_FMT_PEM, 0);
        }

        if (rc < 0)
        {
            return rc;
        }

        try
        {
            for (var i = 0; i < count; i++)
            {
                certs.Add(new X509Cert(new SafeX509CertificateHandle(list[i])));
            }
        }
        finally
        {
            Interop.GnuTls.Free(list);
        }

        return 0;
    }

    /// <summary>Whether <paramref name="der"/> is one DER certificate (to tell a user their PEM file holds DER).</summary>
    public static bool IsDerCertificate(ReadOnlySpan<byte> der)
    {
        if (Interop.GnuTls.gnutls_x509_crt_init(out var handle) < 0)
        {
            handle.Dispose();
            return false;
        }

        using (handle)
        {
            fixed (byte* p = der)
            {
                return Interop.GnuTls.gnutls_x509_crt_import(handle, new Interop.GnuTls.Datum { Data = p, Size = (uint)der.Length }, Interop.GnuTls.GNUTLS_X509_FMT_DER) >= 0;
            }
        }
    }

    /// <summary>
    /// gnutls_x509_crt_list_verify of <paramref name="chain"/> (leaf first) against <paramref name="authorities"/>, no
    /// CRLs, flags 0: what QEMU 7.2's sanity check runs. Returns the status bits (0 = valid) or throws on a call failure.
    /// </summary>
    public static uint Verify(IReadOnlyList<X509Cert> chain, IReadOnlyList<X509Cert> authorities)
    {
        var refs = new List<SafeHandle>();
        try
        {
            var list = stackalloc IntPtr[chain.Count];
            var cas = stackalloc IntPtr[Math.Max(authorities.Count, 1)];
            for (var i = 0; i < chain.Count; i++)
            {
                list[i] = AddRef(chain[i].Handle, refs);
            }

            for (var i = 0; i < authorities.Count; i++)
            {
                cas[i] = AddRef(authorities[i].Handle, refs);
            }

            var rc = Interop.GnuTls.gnutls_x509_crt_list_verify(list, (uint)chain.Count, cas, (uint)authorities.Count, null, 0, 0, out var status);
            return rc < 0 ? throw new InvalidOperationException($"certificate verification failed: {Interop.GnuTls.StrError(rc)}") : status;
        }
        finally
        {
            refs.ForEach(r => r.DangerousRelease());
        }
    }

    /// <summary>GnuTLS's own description of verification status bits ("The certificate is NOT trusted. ...").</summary>
    public static string DescribeStatus(uint status)
    {
        if (Interop.GnuTls.gnutls_certificate_verification_status_print(status, Interop.GnuTls.GNUTLS_CRT_X509, out var datum, 0) < 0)
        {
            return $"status 0x{status:x}";
        }

        return Interop.GnuTls.TakeString(ref datum).TrimEnd('\0', ' ', '.') + ".";
    }

    internal static IntPtr AddRef(SafeHandle handle, List<SafeHandle> refs)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        refs.Add(handle);
        return handle.DangerousGetHandle();
    }

    public void Dispose() => Handle.Dispose();

    public override string ToString() => Subject;

    private static string Dn(SafeX509CertificateHandle handle, bool issuer)
    {
        var rc = issuer ? Interop.GnuTls.gnutls_x509_crt_get_issuer_dn2(handle, out var datum) : Interop.GnuTls.gnutls_x509_crt_get_dn2(handle, out datum);
        return rc < 0 ? "(unreadable DN)" : Interop.GnuTls.TakeString(ref datum);
    }

    private static byte[]? ReadKeyId(SafeX509CertificateHandle handle)
    {
        var buffer = new byte[64];
        nuint size = (nuint)buffer.Length;
        fixed (byte* p = buffer)
        {
            if (Interop.GnuTls.gnutls_x509_crt_get_key_id(handle, Interop.GnuTls.GNUTLS_KEYID_USE_SHA256, p, ref size) < 0)
            {
                return null;
            }
        }

        return buffer[..(int)size];
    }

    private static (IReadOnlyList<string> Dns, IReadOnlyList<string> Ip) ReadSubjectAltNames(SafeX509CertificateHandle handle)
    {
        const int GnutlsSanDnsName = 1;
        const int GnutlsSanIpAddress = 4;
        var dns = new List<string>();
        var ip = new List<string>();
        for (uint i = 0; i < 1024; i++)
        {
            var buffer = new byte[1024];
            nuint size = (nuint)buffer.Length;
            int rc;
            fixed (byte* p = buffer)
            {
                rc = Interop.GnuTls.gnutls_x509_crt_get_subject_alt_name(handle, i, p, ref size, out _);
            }

            if (rc == Interop.GnuTls.GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || (rc < 0 && rc != Interop.GnuTls.GNUTLS_E_SHORT_MEMORY_BUFFER))
            {
                break;
            }

            if (rc == GnutlsSanDnsName)
            {
                dns.Add(Encoding.UTF8.GetString(buffer, 0, (int)size));
            }
            else if (rc == GnutlsSanIpAddress && size is 4 or 16)
            {
                ip.Add(new IPAddress(buffer.AsSpan(0, (int)size)).ToString());
            }
        }

        return (dns, ip);
    }

    private void ReadKeyUsage(SafeX509CertificateHandle handle)
    {
        var rc = Interop.GnuTls.gnutls_x509_crt_get_key_usage(handle, out var usage, out var critical);
        if (rc >= 0)
        {
            KeyUsage = usage;
            KeyUsageCritical = critical != 0;
        }
    }

    private void ReadKeyPurposes(SafeX509CertificateHandle handle)
    {
        var oids = new List<string>();
        var critical = false;
        for (uint i = 0; i < 64; i++)
        {
            var buffer = new byte[256];
            nuint size = (nuint)buffer.Length;
            int rc;
            uint c;
            fixed (byte* p = buffer)
            {
                rc = Interop.GnuTls.gnutls_x509_crt_get_key_purpose_oid(handle, i, p, ref size, out c);
            }

            if (rc < 0)
            {
                break;
            }

            critical |= c != 0;
            oids.Add(Encoding.ASCII.GetString(buffer, 0, (int)size).TrimEnd('\0'));
        }

        if (oids.Count > 0)
        {
            KeyPurposes = oids;
            KeyPurposesCritical = critical;
        }
    }
}
