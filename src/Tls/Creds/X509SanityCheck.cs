using System.Runtime.InteropServices;
using Qcrypto.Errors;
using Qcrypto.Posix;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// qcrypto_tls_creds_x509_sanity_check as in QEMU 7.2: our own certificate, then every CA in
/// ca-cert.pem, for validity times, basicConstraints, keyUsage (only when critical) and, for our own
/// certificate, extendedKeyUsage (only when critical); then our certificate must verify against the
/// CAs. Every failure is a hard error worded as QEMU words it. QEMU 7.2.22 (Debian 12's) no longer
/// requires keyEncipherment in a leaf's keyUsage (v7.2.22 backport; 7.2.0..7.2.21 did).
/// </summary>
internal sealed class X509SanityCheck(string? objectId)
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string AnyPurpose = "2.5.29.37.0";

    public void Run(bool isServer, string caCertFile, string? certFile)
    {
        SafeX509CertificateHandle? cert = null;
        var cas = new List<SafeX509CertificateHandle>();
        try
        {
            if (certFile is not null && CanRead(certFile))
            {
                cert = LoadCert(certFile, isServer);
            }

            if (CanRead(caCertFile))
            {
                cas = LoadCaList(caCertFile);
            }

            if (cert is not null)
            {
                CheckCert(cert, certFile!, isServer, isCA: false);
            }

            foreach (var ca in cas)
            {
                CheckCert(ca, caCertFile, isServer, isCA: true);
            }

            if (cert is not null && cas.Count > 0)
            {
                CheckPair(cert, certFile!, cas, caCertFile, isServer);
            }
        }
        finally
        {
            cert?.Dispose();
            cas.ForEach(c => c.Dispose());
        }
    }

    private SafeX509CertificateHandle LoadCert(string file, bool isServer)
    {
        byte[] pem;
        try
        {
            pem = X509Certificates.ReadAsCString(file);
        }
        catch (Objects.GlibFileException e)
        {
            throw Fail($"Cannot load CA cert list {file}: {e.Message}");
        }

        var rc = X509Certificates.Import(pem, out var cert);
        if (rc < 0)
        {
            cert.Dispose();
            throw Fail($"Unable to import {(isServer ? "server" : "client")} certificate {file}: {Interop.GnuTls.StrError(rc)}",
                "the file must hold a PEM certificate (-----BEGIN CERTIFICATE-----); convert DER with: certtool --infile X --inder --outfile X.pem");
        }

        return cert;
    }

    private List<SafeX509CertificateHandle> LoadCaList(string file)
    {
        byte[] pem;
        try
        {
            pem = X509Certificates.ReadAsCString(file);
        }
        catch (Objects.GlibFileException e)
        {
            throw Fail($"Cannot load CA cert list {file}: {e.Message}");
        }

        return X509Certificates.ImportList(pem, out var certs) < 0
            ? throw Fail($"Unable to import CA certificate list {file}",
                $"ca-cert.pem must hold 1 to {X509Certificates.MaxCaCertificates} PEM certificates")
            : certs;
    }

    private void CheckCert(SafeX509CertificateHandle cert, string file, bool isServer, bool isCA)
    {
        CheckTimes(cert, file, isServer, isCA);
        CheckBasicConstraints(cert, file, isServer, isCA);
        CheckKeyUsage(cert, file, isCA);
        if (!isCA)
        {
            CheckKeyPurpose(cert, file, isServer);
        }
    }

    private void CheckTimes(SafeX509CertificateHandle cert, string file, bool isServer, bool isCA)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var what = isCA ? "CA" : isServer ? "server" : "client";
        if (Interop.GnuTls.gnutls_x509_crt_get_expiration_time(cert) < now)
        {
            throw Fail($"The {what} certificate {file} has expired", "issue a new certificate");
        }

        if (Interop.GnuTls.gnutls_x509_crt_get_activation_time(cert) > now)
        {
            throw Fail($"The {what} certificate {file} is not yet active", "check the clock, or wait until the certificate's notBefore");
        }
    }

    private void CheckBasicConstraints(SafeX509CertificateHandle cert, string file, bool isServer, bool isCA)
    {
        var status = Interop.GnuTls.gnutls_x509_crt_get_basic_constraints(cert, out _, out _, out _);
        if (status > 0 && !isCA)
        {
            throw Fail($"The certificate {file} basic constraints show a CA, but we need one for a {(isServer ? "server" : "client")}",
                "this is a CA certificate: the endpoint needs a certificate issued by the CA (certtool template without 'ca')");
        }

        if (status == 0 && isCA)
        {
            throw Fail($"The certificate {file} basic constraints do not show a CA", "ca-cert.pem must hold CA certificates (basicConstraints CA:TRUE)");
        }

        if (status == Interop.GnuTls.GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        {
            if (isCA)
            {
                throw Fail($"The certificate {file} is missing basic constraints for a CA", "reissue the CA with basicConstraints CA:TRUE (certtool template: ca)");
            }
        }
        else if (status < 0)
        {
            throw Fail($"Unable to query certificate {file} basic constraints: {Interop.GnuTls.StrError(status)}");
        }
    }

    private void CheckKeyUsage(SafeX509CertificateHandle cert, string file, bool isCA)
    {
        var status = Interop.GnuTls.gnutls_x509_crt_get_key_usage(cert, out var usage, out var critical);
        if (status < 0)
        {
            if (status != Interop.GnuTls.GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            {
                throw Fail($"Unable to query certificate {file} key usage: {Interop.GnuTls.StrError(status)}");
            }

            usage = isCA ? Interop.GnuTls.GNUTLS_KEY_KEY_CERT_SIGN : Interop.GnuTls.GNUTLS_KEY_DIGITAL_SIGNATURE;
        }

        if (critical == 0)
        {
            return;
        }

        if (isCA && (usage & Interop.GnuTls.GNUTLS_KEY_KEY_CERT_SIGN) == 0)
        {
            throw Fail($"Certificate {file} usage does not permit certificate signing", "a CA's critical keyUsage must include keyCertSign (certtool: cert_signing_key)");
        }

        if (!isCA && (usage & Interop.GnuTls.GNUTLS_KEY_DIGITAL_SIGNATURE) == 0)
        {
            throw Fail($"Certificate {file} usage does not permit digital signature", "add digitalSignature to the keyUsage (certtool: signing_key)");
        }
    }

    private unsafe void CheckKeyPurpose(SafeX509CertificateHandle cert, string file, bool isServer)
    {
        bool allowClient = false, allowServer = false, critical = false;
        for (uint i = 0; ; i++)
        {
            nuint size = 0;
            var status = Interop.GnuTls.gnutls_x509_crt_get_key_purpose_oid(cert, i, null, ref size, out _);
            if (status == Interop.GnuTls.GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            {
                if (i == 0)
                {
                    allowServer = allowClient = true;
                }

                break;
            }

            if (status != Interop.GnuTls.GNUTLS_E_SHORT_MEMORY_BUFFER)
            {
                throw Fail($"Unable to query certificate {file} key purpose: {Interop.GnuTls.StrError(status)}");
            }

            var buffer = new byte[size];
            uint purposeCritical;
            fixed (byte* p = buffer)
            {
                status = Interop.GnuTls.gnutls_x509_crt_get_key_purpose_oid(cert, i, p, ref size, out purposeCritical);
            }

            if (status < 0)
            {
                throw Fail($"Unable to query certificate {file} key purpose: {Interop.GnuTls.StrError(status)}");
            }

            critical |= purposeCritical != 0;
            var oid = System.Text.Encoding.ASCII.GetString(buffer).TrimEnd('\0');
            switch (oid)
            {
                case ServerAuth:
                    allowServer = true;
                    break;
                case ClientAuth:
                    allowClient = true;
                    break;
                case AnyPurpose:
                    allowServer = allowClient = true;
                    break;
            }
        }

        if (isServer && !allowServer && critical)
        {
            throw Fail($"Certificate {file} purpose does not allow use with a TLS server", "add TLS WWW server (serverAuth) to the extendedKeyUsage (certtool: tls_www_server)");
        }

        if (!isServer && !allowClient && critical)
        {
            throw Fail($"Certificate {file} purpose does not allow use with a TLS client", "add TLS WWW client (clientAuth) to the extendedKeyUsage (certtool: tls_www_client)");
        }
    }

    private unsafe void CheckPair(SafeX509CertificateHandle cert, string certFile, List<SafeX509CertificateHandle> cas, string caFile, bool isServer)
    {
        var refs = new List<SafeHandle>();
        try
        {
            var list = stackalloc IntPtr[1];
            var authorities = stackalloc IntPtr[cas.Count];
            list[0] = AddRef(cert, refs);
            for (var i = 0; i < cas.Count; i++)
            {
                authorities[i] = AddRef(cas[i], refs);
            }

            if (Interop.GnuTls.gnutls_x509_crt_list_verify(list, 1, authorities, (uint)cas.Count, null, 0, 0, out var status) < 0)
            {
                throw Fail($"Unable to verify {(isServer ? "server" : "client")} certificate {certFile} against CA certificate {caFile}");
            }

            if (status != 0)
            {
                throw Fail($"Our own certificate {certFile} failed validation against {caFile}: {VerifyStatus.Reason(status)}",
                    "the certificate is not issued by a CA in ca-cert.pem (wrong CA, or an intermediate CA is missing from ca-cert.pem)");
            }
        }
        finally
        {
            refs.ForEach(r => r.DangerousRelease());
        }
    }

    private static IntPtr AddRef(SafeHandle handle, List<SafeHandle> refs)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        refs.Add(handle);
        return handle.DangerousGetHandle();
    }

    private static bool CanRead(string path) => PosixFile.Access(path) == 0;

    private TlsCredsException Fail(string message, Advice? hint = null) => new(TlsErrorCodes.SanityCheck, message, objectId, "dir", hint);
}
