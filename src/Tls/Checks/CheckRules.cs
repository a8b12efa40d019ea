using Qcrypto.Errors;
using static Qcrypto.Tls.Checks.CertDirActions;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// One check of the certificate-directory checker: its stable code, its severity, what it means, and the
/// generic fix (findings carry a specific, copy-pasteable one when the checker can write it), both as
/// <see cref="Advice"/>. The same records answer the explanations (<see cref="ExplainTable"/>).
/// </summary>
public sealed record CheckRule(string Code, FindingSeverity Severity, string Title, Advice Meaning, Advice Fix);

/// <summary>
/// Every check the certificate-directory checker makes beyond QEMU's own (QEMU's errors keep QEMU's codes,
/// see <see cref="ExplainTable"/>). Codes are a public contract: scripts match on them; never rename one.
/// </summary>
/// <remarks>
/// Severity: an <b>error</b> is something that makes QEMU 7.2 refuse the directory, or a check the user asked for
/// explicitly (<see cref="CertDirCheckOptions.Hostnames"/>, <see cref="CertDirCheckOptions.User"/>) that fails. Everything QEMU accepts but a peer, a newer QEMU or a
/// careful administrator would not is a <b>warning</b>. When QEMU accepts a directory, no content finding is an
/// error: the checker and the emulator never disagree about whether the directory loads.
/// </remarks>
public static class CheckRules
{
    private const FindingSeverity E = FindingSeverity.Error;
    private const FindingSeverity W = FindingSeverity.Warning;

    // Files and layout.
    public static readonly CheckRule UnknownFile = new("unknown-file", W, "a file QEMU never reads",
        "QEMU reads only fixed names in dir=: ca-cert.pem, ca-crl.pem, server-cert.pem, server-key.pem, client-cert.pem, client-key.pem, dh-params.pem (and keys.psk for tls-creds-psk). Anything else is ignored; a near miss (libvirt's cacert.pem, server.crt) usually means the file QEMU wants is missing.",
        "rename the file to the name QEMU reads, or remove it");

    public static readonly CheckRule UnusedFile = new("unused-file", W, "a file this endpoint does not use",
        "tls-creds-x509 with endpoint=client never reads ca-crl.pem or dh-params.pem, and a server never reads client-cert.pem/client-key.pem; keys.psk belongs to tls-creds-psk.",
        new Advice("remove it, or check that {0} is the one the emulator uses", Option("Endpoint", "endpoint")));

    public static readonly CheckRule NotARegularFile = new("not-a-file", E, "a credentials path that is not a regular file",
        "ca-cert.pem, the certificate and key files must be regular files (or symlinks to them); a directory, device or FIFO in their place cannot be loaded.",
        "replace it with the PEM file");

    public static readonly CheckRule FileUnreadable = new("file-unreadable", E, "a file that cannot be read",
        "open(2) failed on the file: a dangling or looping symlink, or missing permissions for the user running the check.",
        "fix the symlink (ls -l), or the permissions");

    public static readonly CheckRule FileTooLarge = new("file-too-large", W, "a file far larger than any certificate, key or CRL",
        "Certificates and keys are a few KiB; a file of many MiB is almost certainly the wrong file (an image, a log). QEMU reads it whole anyway.",
        "put the right PEM file in its place");

    public static readonly CheckRule EmptyFile = new("empty-file", E, "an empty file",
        "The file has no content, so GnuTLS finds no PEM data in it.",
        "write the PEM data into it again (certtool ... --outfile FILE)");

    public static readonly CheckRule NotPem = new("not-pem", E, "a file that is not PEM",
        "QEMU hands every file to GnuTLS as PEM (-----BEGIN ...-----). DER (binary ASN.1) or other data fails with \"Base64 unexpected header error\" or \"The requested data were not available\".",
        "convert DER to PEM: certtool --certificate-info --inder --infile FILE --outfile FILE.pem (keys: certtool -k --inder --infile KEY --outfile KEY.pem)");

    public static readonly CheckRule PemTruncated = new("pem-truncated", E, "a PEM block without its END line",
        "The file was cut off (a partial copy, a full disk, a paste that lost its last lines): GnuTLS cannot decode a block without its -----END ...----- line.",
        "copy the file again from its source");

    public static readonly CheckRule PemWrongContent = new("pem-wrong-content", E, "a PEM file holding the wrong kind of object",
        "The file is PEM, but holds something else than its name says (a key in a certificate file, a certificate request, a certificate in the key file).",
        "put the certificate in *-cert.pem and the private key in *-key.pem");

    // Certificates and chains.
    public static readonly CheckRule ChainOutOfOrder = new("chain-out-of-order", E, "a certificate file whose chain is out of order",
        "QEMU takes the FIRST certificate in server-cert.pem/client-cert.pem as its own and checks it as a leaf; the leaf must come first, then the CA that issued it, and so on up.",
        "write the leaf first: cat leaf.pem intermediate.pem > server-cert.pem");

    public static readonly CheckRule ChainExtraCert = new("chain-extra-cert", W, "a certificate in the chain file that does not belong to the chain",
        "After the leaf, each certificate in the file should be the issuer of the one before it. GnuTLS sends the extra certificate to peers anyway.",
        "remove the certificates that are not part of the leaf's chain");

    public static readonly CheckRule IntermediateNotInCaFile = new("intermediate-not-in-ca-file", E, "an intermediate CA that QEMU 7.2 cannot see",
        "QEMU 7.2's sanity check verifies its own certificate alone against ca-cert.pem. An intermediate CA that is only in server-cert.pem/client-cert.pem is not used there, so QEMU reports \"The certificate hasn't got a known issuer\" for a chain that is valid.",
        "append the intermediate CA(s) to ca-cert.pem: cat intermediate.pem >> ca-cert.pem");

    public static readonly CheckRule IssuerNotFound = new("issuer-not-found", E, "the certificate's issuer is not in ca-cert.pem",
        "The CA that signed the certificate is neither in ca-cert.pem nor in the certificate file: ca-cert.pem holds another CA (mixed-up directories, a re-created CA, server and client certificates from different CAs).",
        "copy the issuing CA's certificate into ca-cert.pem, or reissue the certificate from the CA in ca-cert.pem");

    public static readonly CheckRule ChainUntrusted = new("chain-untrusted", E, "the chain does not verify",
        "The issuer was found, but GnuTLS rejects the chain: a bad signature, a CA that may not sign certificates (keyUsage without keyCertSign, basicConstraints CA:FALSE), an insecure signature algorithm, or a certificate out of its validity period.",
        "reissue the failing certificate (see the GnuTLS reason in the message)");

    public static readonly CheckRule CaChainIncomplete = new("ca-chain-incomplete", W, "ca-cert.pem holds an intermediate CA without its issuer",
        "QEMU 7.2 trusts every certificate in ca-cert.pem as an anchor, so an intermediate alone is enough for it; but QEMU 10.2 walks each chain up to a self-signed root inside ca-cert.pem and fails with \"Cert '...' has no issuer in CA chain\", and other TLS stacks do the same.",
        "append the missing issuer(s) up to the root to ca-cert.pem");

    public static readonly CheckRule TooManyCas = new("too-many-cas", E, "more than 16 certificates in ca-cert.pem",
        "QEMU 7.2's sanity check imports ca-cert.pem into a fixed array of 16 certificates and fails with \"Unable to import CA certificate list\" when the file holds more.",
        "keep only the CAs of this deployment's chains in ca-cert.pem");

    public static readonly CheckRule ExpiresSoon = new("expires-soon", W, "a certificate that expires soon",
        new Advice("The certificate is valid today but expires within the warning window ({0}); once it expires QEMU refuses to start with \"The ... certificate ... has expired\".", Option("WarnDays", "warn-days")),
        new Advice("reissue it before it expires ({0}, or certtool --generate-certificate)", Create("a new certificate from its CA")));

    public static readonly CheckRule WeakSignature = new("weak-signature", W, "a certificate signed with an insecure algorithm",
        "GnuTLS 3.7 no longer accepts SHA-1 (or MD5) in certificate signatures: it rejects such a leaf or intermediate (\"The certificate uses an insecure algorithm\"). A root's self-signature is not checked, so there it is only a warning.",
        "reissue the certificate with SHA-256 (certtool --hash SHA256)");

    public static readonly CheckRule WeakKey = new("weak-key", W, "a weak public key",
        "RSA or DSA keys under 2048 bits and EC keys under 256 bits are below today's minimum (NIST SP 800-131A, GnuTLS's 'medium' profile); peers with a stricter priority string refuse them.",
        new Advice("make a new key and certificate: {0} ...", Create("an RSA 3072 key and a certificate for it", Dir, Key("rsa3072"))));

    public static readonly CheckRule KeyPurposeMismatch = new("key-purpose-mismatch", W, "extendedKeyUsage does not allow this endpoint",
        "The certificate's extendedKeyUsage lacks serverAuth (server) or clientAuth (client). QEMU ignores this while the extension is non-critical, but other TLS stacks (OpenSSL, libvirt's checks, browsers for websockets) refuse the certificate.",
        "reissue with the right purpose (certtool template: tls_www_server or tls_www_client)");

    public static readonly CheckRule KeyUsageMismatch = new("key-usage-mismatch", W, "keyUsage does not fit the certificate's role",
        "A leaf's keyUsage lacks digitalSignature, or a CA's lacks keyCertSign. QEMU ignores this while the extension is non-critical, but GnuTLS's own chain verification and other TLS stacks do not.",
        "reissue with keyUsage digitalSignature (leaf) or keyCertSign,cRLSign (CA)");

    public static readonly CheckRule NoSubjectAltName = new("no-subject-alt-name", W, "a server certificate without subjectAltName",
        "Clients match the name they dial against the certificate's DNS/IP subjectAltNames; the CN is only a fallback that newer libvirt and most TLS stacks no longer use.",
        new Advice("reissue with the names clients dial: {0}", Create("a certificate with every name (NAME) and address (ADDR) as subjectAltName", Dir, Hostname(), Ip())));

    public static readonly CheckRule HostnameMismatch = new("hostname-mismatch", E, "the certificate does not cover a name clients dial",
        "A client that connects to this name (tls-hostname, migration URI host, libvirt's host name) fails with \"Certificate does not match the hostname NAME\" (libvirt: \"Certificate [session] owner does not match the hostname\").",
        "reissue the server certificate with every name and IP clients dial as subjectAltName");

    // Keys.
    public static readonly CheckRule KeyCertMismatch = new("key-cert-mismatch", E, "the private key does not belong to the certificate",
        "The key file holds another key than the one the certificate was issued for: the key and certificate were regenerated separately, or files from two hosts got mixed.",
        "install the key that was used for the certificate, or reissue the certificate for this key");

    public static readonly CheckRule KeyEncrypted = new("key-encrypted", E, "an encrypted private key without passwordid",
        "The key file is encrypted PKCS#8; QEMU can only load it with passwordid= naming a secret that holds the password.",
        new Advice("give the password: {0} (QEMU: ...,passwordid=keypw)", new ToolAction(ToolTask.Setting,
            "a secret in ObjectLines (secret,id=keypw,file=/path/pw) named by PasswordId (keypw)",
            ToolArgument.Named("object", "secret,id=keypw,file=/path/pw"), ToolArgument.Named("passwordid", "keypw"))));

    public static readonly CheckRule KeyPasswordWrong = new("key-password-wrong", E, "the password does not decrypt the private key",
        "The secret named by passwordid does not hold the key's password (a trailing newline from echo is a common cause).",
        "write the password without a newline: printf '%s' 'PASSWORD' > /path/pw");

    public static readonly CheckRule KeyReadableByOthers = new("key-readable-by-others", W, "a private key other users can read",
        "Anyone who can read the private key can impersonate this host. The key should be readable by its owner and the emulator's user only (e.g. root:qemu 0640, or qemu-owned 0400/0600).",
        "chmod 0600 KEY (or chown root:qemu KEY && chmod 0640 KEY)");

    public static readonly CheckRule KeyGroupShared = new("key-group-shared", W, "a private key readable by a group with other members",
        "The key's group may read it, and that group has members besides the emulator's user.",
        "give the key a group only the emulator's user is in (e.g. chgrp qemu KEY), or chmod g-r KEY");

    // Permissions as the emulator's user (CertDirCheckOptions.User).
    public static readonly CheckRule UnreadableByUser = new("unreadable-by-user", E, "a file the emulator's user cannot read",
        "QEMU runs as an unprivileged user (qemu, libvirt-qemu); a file it cannot read makes it fail with \"Unable to access credentials\" or \"Cannot load ...: Error while reading file\".",
        "chown root:qemu FILE && chmod 0640 FILE");

    public static readonly CheckRule DirNotSearchable = new("dir-not-searchable", E, "a directory on the path the emulator's user cannot enter",
        "Every directory from / down to dir= needs the execute (search) bit for the emulator's user, or no file inside can be opened.",
        "chmod o+x DIR (or chgrp qemu DIR && chmod g+x DIR)");

    // CRL.
    public static readonly CheckRule CrlIssuerUnknown = new("crl-issuer-unknown", W, "a CRL issued by a CA not in ca-cert.pem",
        "ca-crl.pem must be issued by the CA that issues the peers' certificates; a CRL from another CA revokes nothing here.",
        "regenerate the CRL with this directory's CA: certtool --generate-crl --load-ca-certificate ca-cert.pem --load-ca-privkey ca-key.pem");

    public static readonly CheckRule CrlSignatureInvalid = new("crl-signature-invalid", W, "a CRL whose signature does not verify",
        "The CRL's signature does not verify against its issuer in ca-cert.pem (a corrupted file, a CA re-created with a new key, or a CA whose keyUsage lacks cRLSign).",
        "regenerate the CRL with the CA's current key");

    public static readonly CheckRule CrlExpired = new("crl-expired", W, "a CRL past its nextUpdate",
        "The CRL's nextUpdate is in the past: it is stale, and revocations made since are missing from it.",
        "publish a fresh CRL: certtool --generate-crl ... --template (with crl_next_update) --outfile ca-crl.pem");

    public static readonly CheckRule CrlNotYetValid = new("crl-not-yet-valid", W, "a CRL issued in the future",
        "The CRL's thisUpdate is after now: the issuing machine's clock (or this one's) is wrong.",
        "check both clocks (timedatectl), then regenerate the CRL");

    public static readonly CheckRule OwnCertRevoked = new("own-cert-revoked", W, "the directory's own certificate is revoked",
        "ca-crl.pem lists this endpoint's own certificate. QEMU 7.2 loads the directory anyway (its check ignores the CRL), but every peer that checks revocation refuses the connection.",
        "issue a new certificate for this endpoint");

    // DH parameters and PSK.
    public static readonly CheckRule WeakDhParams = new("weak-dh-params", W, "DH parameters under 2048 bits",
        "dh-params.pem holds a group smaller than 2048 bits (Logjam, RFC 7919); GnuTLS clients with default settings refuse DHE with it.",
        "remove dh-params.pem (QEMU 7.2 then generates 2048-bit parameters) or write ffdhe2048+: certtool --get-dh-params --sec-param medium --outfile dh-params.pem");

    public static readonly CheckRule PskBadLine = new("psk-bad-line", W, "a keys.psk line that is not USER:HEXKEY",
        "GnuTLS's keys.psk has one 'username:hexkey' per line; a line without ':' is skipped, so its user has no key.",
        "recreate the entry: psktool -u USER -p keys.psk");

    public static readonly CheckRule PskNotHex = new("psk-not-hex", W, "a keys.psk key that is not hex",
        "The key after ':' must be hex digits with an even count; GnuTLS fails the handshake for that user otherwise.",
        "recreate the entry: psktool -u USER -p keys.psk");

    public static readonly CheckRule PskEmptyKey = new("psk-empty-key", W, "a keys.psk user with an empty key",
        "The user has no key bytes at all; GnuTLS refuses the handshake.",
        "recreate the entry: psktool -u USER -p keys.psk");

    public static readonly CheckRule PskShortKey = new("psk-short-key", W, "a keys.psk key under 128 bits",
        "A pre-shared key shorter than 16 bytes can be brute-forced offline from one captured handshake.",
        "make a 32-byte key: psktool -u USER -s 32 -p keys.psk");

    public static readonly CheckRule PskDuplicateUser = new("psk-duplicate-user", W, "a user listed twice in keys.psk",
        "QEMU's client side takes the first line for its username and GnuTLS's server side may take another: the two ends can disagree on the key.",
        "keep one line per user");

    public static readonly CheckRule PskCarriageReturn = new("psk-carriage-return", W, "keys.psk with Windows line endings",
        "QEMU's client side does not strip '\\r', so the key ends in a carriage return and is not valid hex.",
        "convert the file: sed -i 's/\\r$//' keys.psk");

    // Identities and endpoint semantics.
    public static readonly CheckRule ClientCertMissing = new("client-cert-missing", W, "a client directory without a client certificate",
        "QEMU's x509 servers default to verify-peer=on and refuse clients that present no certificate (\"No certificate peers\"); the client then sees only \"Cannot write to TLS channel\" or \"The TLS connection was non-properly terminated\".",
        new Advice("issue a client certificate: {0}", Create("a client certificate (NAME) from the CA (CADIR)", Dir, CaDir(), Client())));

    public static readonly CheckRule IdentityIncomplete = new("identity-incomplete", W, "a certificate without its key, or a key without its certificate",
        "QEMU 7.2 loads a client's certificate and key only when both exist and silently ignores one without the other (QEMU 10.2 refuses it: \"Cert ... without corresponding key\").",
        "add the missing file, or remove the lone one");

    public static readonly CheckRule NumberedIdentityIgnored = new("numbered-identity-ignored", W, "a numbered identity QEMU 7.2 does not load",
        "server-cert-N.pem/server-key-N.pem (client-cert-N.pem/client-key-N.pem), N=0..3, are read only by QEMU 10.2 and later; QEMU 7.2 ignores them.",
        "for QEMU 7.2 put the identity in server-cert.pem/server-key.pem (client-...)");

    public static readonly CheckRule NumberedIdentityGap = new("numbered-identity-gap", W, "numbered identities with a gap",
        "QEMU 10.2 loads server-cert-0.pem, -1, -2, -3 in order and stops at the first missing pair, silently ignoring every identity after a gap.",
        "renumber the files from 0 without gaps");

    public static readonly CheckRule VerifyPeerOff = new("verify-peer-off", W, "verify-peer=off",
        "With verify-peer=off a client accepts any server certificate (anyone on the path can impersonate the server) and a server accepts clients without certificates.",
        "use verify-peer=on (QEMU's default) with certificates for both ends");

    public static readonly CheckRule HandshakeImpossible = new("handshake-impossible", E, "QEMU loads the key, but no TLS handshake can use it",
        "GnuTLS loads the certificate and key, so QEMU 7.2 starts, but every connection fails: a DSA key has no cipher suite in GnuTLS's NORMAL " +
        "priority and none in TLS 1.3; GnuTLS peers (QEMU itself) refuse RSA keys under 1024 bits (\"The certificate uses an insecure algorithm\"), " +
        "and TLS 1.3 has no signature scheme for ECDSA P-192/P-224. The finding names the stage that fails and the message each side logs. " +
        "Measured with qemu-nbd, gnutls-cli/-serv and openssl on Debian 12 (GnuTLS 3.7.9).",
        new Advice("make a new key and certificate: {0} (or rsa3072)", Create("an ECDSA P-256 key and a certificate for it", Dir, Key("ecdsa-p256"))));

    public static readonly CheckRule KeyEncryptionUnsupported = new("key-encryption-unsupported", E, "a key encrypted in a way GnuTLS cannot decrypt",
        "GnuTLS 3.7 decrypts PKCS#8 keys encrypted with PBES2 (PBKDF2 with HMAC-SHA1/224/256/384/512; AES-128/192/256-CBC, 3DES or DES-CBC) and the " +
        "common PKCS#12 schemes, but not scrypt (openssl pkcs8 -scrypt), Camellia, ARIA, SEED, SM4, Blowfish, RC2 or OFB modes: QEMU then fails " +
        "with \"ASN1 parser: Generic parsing error.\" or \"The cipher type is unsupported.\" whatever the password.",
        "re-encrypt it: openssl pkcs8 -topk8 -in KEY -v2 aes-256-cbc -v2prf hmacWithSHA256 -out KEY.new (asks for the old and new password)");

    public static readonly CheckRule KeyUnsupported = new("key-unsupported", E, "a key on an elliptic curve GnuTLS does not know",
        "GnuTLS 3.7 knows the NIST curves P-192, P-224, P-256, P-384, P-521 (and Ed25519, Ed448) for certificates and keys; a key on secp256k1, " +
        "a brainpool curve, SM2 or with explicit curve parameters fails to load with \"ASN1 parser: Element was not found.\"",
        new Advice("make a new key and certificate on P-256: {0} ...", Create("an ECDSA P-256 key and a certificate for it from the CA (CADIR)", Dir, CaDir(), Key("ecdsa-p256"))));

    /// <summary>Every rule, in the order the checker reports them.</summary>
    public static IReadOnlyList<CheckRule> All { get; } =
    [
        UnknownFile, UnusedFile, NotARegularFile, FileUnreadable, FileTooLarge, EmptyFile, NotPem, PemTruncated, PemWrongContent,
        ChainOutOfOrder, ChainExtraCert, IntermediateNotInCaFile, IssuerNotFound, ChainUntrusted, CaChainIncomplete, TooManyCas, ExpiresSoon, WeakSignature,
        WeakKey, HandshakeImpossible, KeyPurposeMismatch, KeyUsageMismatch, NoSubjectAltName, HostnameMismatch,
        KeyCertMismatch, KeyEncrypted, KeyPasswordWrong, KeyEncryptionUnsupported, KeyUnsupported, KeyReadableByOthers, KeyGroupShared, UnreadableByUser, DirNotSearchable,
        CrlIssuerUnknown, CrlSignatureInvalid, CrlExpired, CrlNotYetValid, OwnCertRevoked,
        WeakDhParams, PskBadLine, PskNotHex, PskEmptyKey, PskShortKey, PskDuplicateUser, PskCarriageReturn,
        ClientCertMissing, IdentityIncomplete, NumberedIdentityIgnored, NumberedIdentityGap, VerifyPeerOff,
    ];

    /// <summary>The rule with <paramref name="code"/>, or null.</summary>
    public static CheckRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    /// <summary>A finding of this rule.</summary>
    internal static CertDirFinding Finding(this CheckRule rule, string? file, string message, Advice? fix = null, FindingSeverity? severity = null) =>
        new(severity ?? rule.Severity, rule.Code, file, message, fix ?? rule.Fix);
}
