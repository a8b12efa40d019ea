using Qcrypto.Errors;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Checks;

/// <summary>Our private key: whether GnuTLS can load it, and why not; key strength.</summary>
internal sealed partial class CertDirCheck
{
    /// <summary>Weak keys (a warning) among the CAs and our certificate, unless no handshake can use them at all (an error).</summary>
    private void KeyStrength()
    {
        var certs = _cas.Select(c => (Cert: c, File: TlsCredsFiles.CaCert, What: "the CA certificate")).ToList();
        if (_leaf is not null)
        {
            certs.Add((_leaf, CertName, $"the {EndpointName} certificate"));
        }

        foreach (var (cert, file, what) in certs)
        {
            var weak = cert.PkAlgorithm switch
            {
                Interop.GnuTls.GNUTLS_PK_RSA or Interop.GnuTls.GNUTLS_PK_RSA_PSS => cert.KeyBits < 2048,
                Interop.GnuTls.GNUTLS_PK_DSA => true,
                Interop.GnuTls.GNUTLS_PK_ECDSA => cert.KeyBits < 256,
                _ => false,
            };
            if (weak && !_deadKeys.Contains(cert))
            {
                Add(CheckRules.WeakKey.Finding(file, $"{what} '{cert.Subject}' has {KeyPhrase(cert)}" +
                    $"{(cert.PkAlgorithm == Interop.GnuTls.GNUTLS_PK_DSA ? " (DSA is obsolete in TLS)" : string.Empty)}; use RSA 3072 or ECDSA P-256"));
            }
        }
    }

    private void OwnKey(List<string> entries)
    {
        var keyName = KeyName;
        var hasKey = entries.Contains(keyName);
        var hasCert = entries.Contains(CertName);
        if (!_isServer)
        {
            if (!hasKey && !hasCert)
            {
                Add(CheckRules.ClientCertMissing.Finding(null,
                    "no client-cert.pem/client-key.pem: QEMU servers with verify-peer=on (the default) refuse this client (\"No certificate peers\")"));
            }
            else if (hasKey != hasCert)
            {
                Add(CheckRules.IdentityIncomplete.Finding(hasKey ? keyName : CertName,
                    hasKey
                        ? "client-key.pem has no client-cert.pem: QEMU 7.2 silently ignores the key and connects without a certificate (QEMU 10.2 refuses the directory)"
                        : "client-cert.pem has no client-key.pem: QEMU 7.2 silently ignores the certificate and connects without one (QEMU 10.2 refuses the directory)"));
            }
        }

        if (!hasKey)
        {
            return;
        }

        var bytes = Read(keyName);
        if (bytes is null)
        {
            return;
        }

        var (shape, labels) = Classify(bytes);
        var encrypted = labels.Contains("ENCRYPTED PRIVATE KEY");
        if (encrypted && _password is null)
        {
            Add(CheckRules.KeyEncrypted.Finding(keyName, $"{keyName} is an encrypted private key, and no passwordid= is given",
                new Advice("{0} (QEMU: tls-creds-x509,...,passwordid=keypw)", new ToolAction(ToolTask.Setting,
                    "a secret in ObjectLines (secret,id=keypw,file=/path/to/password) named by PasswordId (keypw)",
                    ToolArgument.Named("object", "secret,id=keypw,file=/path/to/password"), ToolArgument.Named("passwordid", "keypw")))));
            _files.Add(new CertDirFileSummary(keyName, "private key", ["encrypted PKCS#8 (no password given)", FileFacts(keyName)]));
            return;
        }

        var rc = X509PrivateKey.Import(bytes, _password is null ? default : _password.Span, _password is not null, out var key);
        if (rc < 0 || key is null)
        {
            UnloadableKey(keyName, bytes, shape, encrypted, rc);
            return;
        }

        Own(key);
        var algorithm = key.PkAlgorithm == Interop.GnuTls.GNUTLS_PK_ECDSA ? $"ECDSA P-{key.KeyBits}" : $"{System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_pk_algorithm_get_name(key.PkAlgorithm))} {key.KeyBits}";
        _files.Add(new CertDirFileSummary(keyName, "private key", [$"{algorithm}{(encrypted ? ", encrypted PKCS#8" : string.Empty)}", FileFacts(keyName)]));
        if (_leaf is not null && key.KeyId is not null && _leaf.KeyId is not null && !key.KeyId.AsSpan().SequenceEqual(_leaf.KeyId))
        {
            Add(CheckRules.KeyCertMismatch.Finding(keyName, $"{keyName} ({algorithm}) is not the key of {CertName} ('{_leaf.Subject}', {_leaf.KeyDescription})"));
        }
    }

    /// <summary>Why GnuTLS cannot load our key: a scheme or curve it does not implement, a wrong password, or damage.</summary>
    private void UnloadableKey(string keyName, byte[] bytes, Shape shape, bool encrypted, int rc)
    {
        const int DecryptionFailed = -24;
        var path = Quote(PathOf(keyName));
        if (encrypted && KeyForms.Encryption(bytes) is { GnuTlsDecrypts: false } scheme)
        {
            Add(CheckRules.KeyEncryptionUnsupported.Finding(keyName,
                $"{keyName} is encrypted with {scheme.Scheme}, which GnuTLS cannot decrypt, whatever the password (GnuTLS: {Interop.GnuTls.StrError(rc)})",
                $"re-encrypt it the way GnuTLS reads: openssl pkcs8 -topk8 -in {path} -v2 aes-256-cbc -v2prf hmacWithSHA256 -out {path}.new " +
                $"(it asks for the old and the new password), then mv {path}.new {path}"));
        }
        else if (encrypted && shape == Shape.Pem && rc == DecryptionFailed)
        {
            Add(CheckRules.KeyPasswordWrong.Finding(keyName, $"{keyName}: the password in secret '{_options.PasswordId}' does not decrypt it ({Interop.GnuTls.StrError(rc)})"));
        }
        else if (encrypted && shape == Shape.Pem)
        {
            var how = KeyForms.Encryption(bytes)?.Scheme is { } s ? $" (encrypted with {s})" : string.Empty;
            Add(CheckRules.NotPem.Finding(keyName, $"{keyName}{how}: GnuTLS cannot read it with the password in secret '{_options.PasswordId}': " +
                $"{Interop.GnuTls.StrError(rc)}", "check the key with: certtool -k --infile " + path + " (it asks for the password)"));
        }
        else if (KeyForms.UnsupportedCurve(bytes) is { } curve)
        {
            Add(CheckRules.KeyUnsupported.Finding(keyName,
                $"{keyName} is an EC key on {curve}, which GnuTLS does not support (it knows P-192, P-224, P-256, P-384, P-521): QEMU cannot load it " +
                $"(GnuTLS: {Interop.GnuTls.StrError(rc)})"));
        }
        else
        {
            ReportUnparsable(keyName, bytes, "a private key", KeyLabels, rc);
        }
    }

    private string FileFacts(string name)
    {
        var s = FileStatus.Of(PathOf(name));
        return s.Errno == 0 ? $"mode {Mode(s)}, owner {Owner(s)}" : s.ErrorText;
    }
}
