using System.Runtime.InteropServices;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// tls-creds-x509 (QEMU 7.2 crypto/tlscredsx509.c): CA certificates, our certificate and key
/// (optionally encrypted, the password from the secret named by passwordid), a CRL (servers), DH
/// parameters (servers), and QEMU's sanity checks unless sanity-check=off.
/// </summary>
public sealed class TlsCredsX509 : TlsCreds
{
    private SafeCertificateCredentialsHandle? _credentials;

    private TlsCredsX509(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI TlsCredsX509Properties, in member order) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("tls-creds-x509", "TLS x509 certificate credentials (dir/ca-cert.pem, ...)", [
            .. CommonProperties("tls-creds-x509"),
            PropertySchema.Bool("sanity-check", "check the certificates when loading") with { Default = "on" },
            PropertySchema.Str("passwordid", "id of a secret holding the private key's password"),
        ]),
        (type, id) => new TlsCredsX509(type, id));

    public bool SanityCheck { get; private set; } = true;

    public string? PasswordId { get; private set; }

    /// <summary>True once our own certificate and key are loaded (always for servers; clients may have none).</summary>
    public bool HasKeyPair { get; private set; }

    protected override string? PrioritySuffix => null;

    protected override string PriorityErrorPrefix => "Cannot set default TLS session priority";

    internal override (int Type, SafeHandle Handle) NativeCredentials =>
        (Interop.GnuTls.GNUTLS_CRD_CERTIFICATE, (SafeHandle?)_credentials ?? throw new InvalidOperationException("credentials not loaded"));

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "sanity-check":
                SanityCheck = value.Flag;
                break;
            case "passwordid":
                PasswordId = value.Text;
                break;
            default:
                base.OnPropertySet(property, value);
                break;
        }
    }

    protected override void Load(ObjectRegistry registry)
    {
        string caCert;
        string? caCrl = null, cert, key, dhParams = null;
        var isServer = Endpoint == TlsEndpoint.Server;
        if (isServer)
        {
            caCert = GetPath(TlsCredsFiles.CaCert, required: true)!;
            caCrl = GetPath(TlsCredsFiles.CaCrl, required: false);
            cert = GetPath(TlsCredsFiles.ServerCert, required: true);
            key = GetPath(TlsCredsFiles.ServerKey, required: true);
            dhParams = GetPath(TlsCredsFiles.DhParams, required: false);
        }
        else
        {
            caCert = GetPath(TlsCredsFiles.CaCert, required: true)!;
            cert = GetPath(TlsCredsFiles.ClientCert, required: false);
            key = GetPath(TlsCredsFiles.ClientKey, required: false);
        }

        if (SanityCheck)
        {
            new X509SanityCheck(Id).Run(isServer, caCert, cert);
        }

        var rc = Interop.GnuTls.gnutls_certificate_allocate_credentials(out _credentials);
        if (rc < 0)
        {
            throw Error(TlsErrorCodes.Allocation, $"Cannot allocate credentials: '{Interop.GnuTls.StrError(rc)}'", null);
        }

        rc = Interop.GnuTls.gnutls_certificate_set_x509_trust_file(_credentials, caCert, Interop.GnuTls.GNUTLS_X509_FMT_PEM);
        if (rc < 0)
        {
            throw GnuTlsError(TlsErrorCodes.CaCertificate, $"Cannot load CA certificate '{caCert}'", rc, "dir",
                "ca-cert.pem must hold PEM certificates");
        }

        if (cert is not null && key is not null)
        {
            LoadKeyPair(registry, cert, key);
            HasKeyPair = true;
        }

        if (caCrl is not null)
        {
            rc = Interop.GnuTls.gnutls_certificate_set_x509_crl_file(_credentials, caCrl, Interop.GnuTls.GNUTLS_X509_FMT_PEM);
            if (rc < 0)
            {
                throw GnuTlsError(TlsErrorCodes.Crl, $"Cannot load CRL '{caCrl}'", rc, "dir",
                    "ca-crl.pem must be a PEM CRL signed by the CA (certtool --generate-crl)");
            }
        }

        if (isServer)
        {
            Interop.GnuTls.gnutls_certificate_set_dh_params(_credentials, LoadDhParams(dhParams));
        }
    }

    protected override void Unload() => _credentials?.Dispose();

    private unsafe void LoadKeyPair(ObjectRegistry registry, string cert, string key)
    {
        KeyLease? password = null;
        SecretBuffer? cString = null;
        try
        {
            if (PasswordId is not null)
            {
                try
                {
                    password = registry.Secrets.Utf8(PasswordId);
                }
                catch (Errors.SecretException e)
                {
                    throw new TlsCredsException(e.Code, e.QemuMessage, Id, "passwordid", e.Fix, e);
                }

                // GnuTLS wants a NUL-terminated password: copy it into a pinned buffer with room for one.
                cString = SecretBuffer.Allocate(password.Length + 1);
                password.Bytes.CopyTo(cString.WritableSpan);
            }

            int rc;
            fixed (byte* p = cString is null ? default : cString.Span)
            {
                rc = Interop.GnuTls.gnutls_certificate_set_x509_key_file2(_credentials!, cert, key, Interop.GnuTls.GNUTLS_X509_FMT_PEM, p, 0);
            }

            if (rc < 0)
            {
                throw GnuTlsError(TlsErrorCodes.Certificate, $"Cannot load certificate '{cert}' & key '{key}'", rc, "dir",
                    KeyPairHint(rc, key));
            }
        }
        finally
        {
            cString?.Dispose();
            password?.Dispose();
        }
    }

    private Advice KeyPairHint(int rc, string keyPath)
    {
        // A form GnuTLS does not implement fails whatever the password: say which, not "wrong password".
        byte[] pem;
        try
        {
            pem = File.ReadAllBytes(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            pem = [];
        }

        if (Checks.KeyForms.Encryption(pem) is { GnuTlsDecrypts: false } scheme)
        {
            return $"the private key is encrypted with {scheme.Scheme}, which GnuTLS cannot decrypt whatever the password: re-encrypt it " +
                "(openssl pkcs8 -topk8 -in KEY -v2 aes-256-cbc -v2prf hmacWithSHA256 -out KEY.new)";
        }

        if (Checks.KeyForms.UnsupportedCurve(pem) is { } curve)
        {
            return new Advice($"the private key is on {curve}, which GnuTLS does not support: use a P-256 key ({{0}})",
                new ToolAction(ToolTask.CreateCertDir, "a new certificate directory with one", ToolArgument.Named("key", "ecdsa-p256")));
        }

        return rc switch
        {
            Interop.GnuTls.GNUTLS_E_DECRYPTION_FAILED when PasswordId is null => "the private key is encrypted: give passwordid= naming a secret with its password",
            Interop.GnuTls.GNUTLS_E_DECRYPTION_FAILED => $"the password in secret '{PasswordId}' does not decrypt the private key",
            Interop.GnuTls.GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR or Interop.GnuTls.GNUTLS_E_PKCS11_LOAD_ERROR or Interop.GnuTls.GNUTLS_E_PARSING_ERROR => "the private key is encrypted: give passwordid= naming a secret with its password",
            Interop.GnuTls.GNUTLS_E_CERTIFICATE_KEY_MISMATCH or Interop.GnuTls.GNUTLS_E_INSUFFICIENT_CREDENTIALS => "the private key does not belong to the certificate",
            _ => "both files must be PEM; the key must match the certificate",
        };
    }
}
