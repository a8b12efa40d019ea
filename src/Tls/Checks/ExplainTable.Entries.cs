using System.Globalization;
using Qcrypto.Errors;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

public static partial class ExplainTable
{
    // "run: {0}" with the generic directory check (CertDirActions.CheckAnyEndpoint) as action 0.
    private const string CheckDir = "run: {0}";

    private static readonly ToolAction CheckAny = CertDirActions.CheckAnyEndpoint;

    private static IReadOnlyList<ExplainEntry> Build()
    {
        var all = new List<ExplainEntry>();
        void Qemu(string id, string code, string title, string pattern, Advice fix, params string[] causes) =>
            all.Add(new ExplainEntry(id, "qemu", title, pattern, [.. causes.Select(c => (Advice)c)], fix) { Code = code });
        void Libvirt(string id, string title, string pattern, Advice fix, params string[] causes) =>
            all.Add(new ExplainEntry(id, "libvirt", title, pattern, [.. causes.Select(c => (Advice)c)], fix));

        // QEMU 7.2 tls-creds-x509 / tls-creds-* (crypto/tlscreds*.c), with the codes qcrypto reports them under.
        const string P = @"\S+";
        Qemu("tls-file-access", TlsErrorCodes.FileAccess, "a credentials file is missing or cannot be accessed",
            $@"Unable to access credentials {P}(: (?<why>[^\n]+))?", new Advice("create the file (ca-cert.pem is required on both ends; server-cert.pem and server-key.pem on a server), or fix its path and permissions; " + CheckDir, CheckAny),
            "the file does not exist: wrong dir=, or a different name (libvirt's cacert.pem is QEMU's ca-cert.pem)",
            "a directory on the path is not searchable, or the file is a dangling symlink",
            "in migration and NBD logs it often surfaces later as \"Cannot write to TLS channel\" or \"The TLS connection was non-properly terminated\"");
        Qemu("tls-missing-dir", TlsErrorCodes.MissingDir, "tls-creds-x509/-psk without dir=", @"Missing 'dir' property value",
            "add dir=/etc/pki/qemu (or the directory holding the credentials)", "the -object line has no dir= property");
        Qemu("tls-sanity-expired", TlsErrorCodes.SanityCheck, "a certificate has expired", @"The (CA|server|client) certificate \S+ has expired",
            new Advice("issue a new certificate ({0}); for the CA, reissue the CA and every certificate under it", CertDirActions.Create("a new certificate from the CA")),
            "the certificate's notAfter is in the past", "the machine's clock is wrong (check timedatectl)");
        Qemu("tls-sanity-inactive", TlsErrorCodes.SanityCheck, "a certificate is not valid yet", @"The (CA|server|client) certificate \S+ is not yet active",
            "check the clock on this machine and on the one that issued the certificate (timedatectl), or wait until notBefore",
            "the certificate was issued with a notBefore in the future", "this machine's clock is behind");
        Qemu("tls-sanity-ca-on-leaf", TlsErrorCodes.SanityCheck, "the endpoint's certificate is a CA certificate",
            @"The certificate \S+ basic constraints show a CA, but we need one for a (server|client)",
            "put the leaf certificate first in the file (cat leaf.pem intermediate.pem > server-cert.pem), or issue a leaf certificate (certtool template without 'ca')",
            "server-cert.pem/client-cert.pem holds the CA certificate (files swapped)", "the chain in the file starts with the intermediate instead of the leaf");
        Qemu("tls-sanity-not-ca", TlsErrorCodes.SanityCheck, "ca-cert.pem holds a certificate that is not a CA", @"The certificate \S+ basic constraints do not show a CA",
            "ca-cert.pem must hold only CA certificates (basicConstraints CA:TRUE): put the server/client certificate in its own file",
            "a leaf certificate was copied into ca-cert.pem", "QEMU 7.2 checks every certificate in ca-cert.pem as a CA");
        Qemu("tls-sanity-no-basic-constraints", TlsErrorCodes.SanityCheck, "a CA without basicConstraints", @"The certificate \S+ is missing basic constraints for a CA",
            "reissue the CA with basicConstraints CA:TRUE (certtool template: ca, cert_signing_key)",
            "the CA was made without extensions (an X.509 v1 certificate, openssl req -x509 without -addext)");
        Qemu("tls-sanity-ca-usage", TlsErrorCodes.SanityCheck, "a CA whose critical keyUsage forbids signing certificates",
            @"Certificate \S+ usage does not permit certificate signing", "reissue the CA with keyUsage keyCertSign (certtool: cert_signing_key)",
            "the CA's keyUsage is critical and lacks keyCertSign");
        Qemu("tls-sanity-digital-signature", TlsErrorCodes.SanityCheck, "a leaf whose critical keyUsage forbids digital signatures",
            @"Certificate \S+ usage does not permit digital signature", "reissue with keyUsage digitalSignature (certtool: signing_key)",
            "the leaf's keyUsage is critical and lacks digitalSignature (e.g. only keyEncipherment, an old RSA-kx template)");
        Qemu("tls-sanity-key-encipherment", TlsErrorCodes.SanityCheck, "a leaf whose critical keyUsage lacks keyEncipherment (QEMU before 7.2.22)",
            @"Certificate \S+ usage does not permit key encipherment", "upgrade QEMU (7.2.22 and 8.x+ no longer ask for it), or reissue with keyUsage digitalSignature,keyEncipherment (certtool: encryption_key)",
            "QEMU 7.2.0-7.2.21 demanded keyEncipherment, which ECDSA certificates cannot have");
        Qemu("tls-sanity-purpose", TlsErrorCodes.SanityCheck, "a leaf whose critical extendedKeyUsage does not allow this endpoint",
            @"Certificate \S+ purpose does not allow use with a TLS (server|client)",
            "reissue with the endpoint's purpose: tls_www_server (serverAuth) for servers, tls_www_client (clientAuth) for clients; a host that migrates needs both",
            "a client certificate is used as server certificate or the other way round", "the certificate's extendedKeyUsage is critical and lacks serverAuth/clientAuth");
        Qemu("tls-sanity-pair", TlsErrorCodes.SanityCheck, "the endpoint's certificate does not verify against ca-cert.pem",
            @"Our own certificate \S+ failed validation against \S+: (?<why>.+)",
            new Advice(CheckDir + " (it names the missing or wrong CA); certtool --verify --load-ca-certificate ca-cert.pem --infile server-cert.pem shows GnuTLS's view", CheckAny),
            "\"hasn't got a known issuer\": ca-cert.pem holds another CA, or an intermediate CA is only in server-cert.pem (QEMU 7.2 wants it in ca-cert.pem)",
            "\"is not trusted\": the CA may not sign (keyUsage without keyCertSign) or the signature is wrong",
            "\"uses an insecure algorithm\": the certificate is signed with SHA-1 or MD5",
            "\"has been revoked\": listed in a CRL");
        Qemu("tls-sanity-ca-list", TlsErrorCodes.SanityCheck, "ca-cert.pem cannot be parsed", @"Unable to import CA certificate list \S+",
            "ca-cert.pem must hold 1 to 16 PEM certificates (-----BEGIN CERTIFICATE-----); convert DER with certtool --certificate-info --inder",
            "the file is DER, empty, truncated or not a certificate", "QEMU 7.2 accepts at most 16 certificates in ca-cert.pem");
        Qemu("tls-sanity-import", TlsErrorCodes.SanityCheck, "the endpoint's certificate cannot be parsed", @"Unable to import (server|client) certificate \S+: (?<why>.+)",
            "the file must be PEM (-----BEGIN CERTIFICATE-----): certtool --certificate-info --inder --infile X --outfile X.pem converts DER",
            "\"Base64 unexpected header error\": the file is DER or not a certificate", "the file is truncated or empty");
        Qemu("tls-sanity-read", TlsErrorCodes.SanityCheck, "a certificate file cannot be read", @"Cannot load CA cert list \S+: (?<why>.+)",
            new Advice("check the file's permissions for the user running QEMU (" + CheckDir + ")", CheckAsQemu), "the file is not readable by QEMU's user", "it is a directory or a broken symlink");
        Qemu("tls-ca-certificate", TlsErrorCodes.CaCertificate, "GnuTLS cannot load ca-cert.pem", @"Cannot load CA certificate '[^']+': (?<why>.+)",
            "ca-cert.pem must be readable PEM certificates", "\"Error while reading file\": QEMU's user cannot read it", "the file holds no PEM certificate");
        Qemu("tls-certificate", TlsErrorCodes.Certificate, "GnuTLS cannot load the certificate and key pair", @"Cannot load certificate '[^']+' & key '[^']+': (?<why>.+)",
            new Advice(CheckDir + " (it tells which of these it is)", CheckAny),
            "\"The certificate and the given key do not match\": the key belongs to another certificate",
            "\"Decryption has failed\" / \"Base64 unexpected header error\" on an ENCRYPTED PRIVATE KEY: give passwordid= with the right password",
            "\"Error while reading file\": QEMU's user cannot read the key (keys are often 0600 root:root)",
            "\"The requested data were not available\": the key file holds no key");
        Qemu("tls-crl", TlsErrorCodes.Crl, "GnuTLS cannot load ca-crl.pem", @"Cannot load CRL '[^']+': (?<why>.+)",
            "regenerate it: certtool --generate-crl --load-ca-certificate ca-cert.pem --load-ca-privkey ca-key.pem --outfile ca-crl.pem, or remove ca-crl.pem",
            "the file is not a PEM CRL (DER, truncated, or another object)");
        Qemu("tls-dh-params", TlsErrorCodes.DhParams, "dh-params.pem cannot be loaded", @"Unable to (load|initialize|generate) DH parameters",
            "write PKCS#3 PEM (certtool --get-dh-params --sec-param medium --outfile dh-params.pem) or remove dh-params.pem", "the file is not PKCS#3 PEM DH parameters");
        Qemu("tls-allocation", TlsErrorCodes.Allocation, "GnuTLS could not allocate credentials", @"Cannot allocate credentials", "check memory limits; report it if it persists", "out of memory");
        Qemu("tls-endpoint", TlsErrorCodes.Endpoint, "credentials made for the other endpoint", @"Expected TLS credentials for a (server|client) endpoint",
            "set endpoint=server on the creds a server uses (qemu-nbd, -incoming, VNC) and endpoint=client on those a client uses", "endpoint= is missing (it defaults to client) or wrong");
        Qemu("tls-priority", TlsErrorCodes.Priority, "a priority string GnuTLS refuses: the object loads, every session fails", @"(Unable to set|Cannot set default) TLS session priority",
            new Advice("fix priority= (gnutls-cli --priority STRING -l lists what a string enables; https://gnutls.org/manual/html_node/Priority-Strings.html); " +
                "{0} and {1} report it before any session",
                new ToolAction(ToolTask.CheckObjects, "the object check"), CertDirActions.Check("a directory check with the priority string", ToolArgument.Named("priority", "STRING"))),
            "QEMU 7.2 creates the object and only fails when a session starts (a migration, an NBD connection, a VNC client)",
            "@SYSTEM (libvirt's @SYSTEM:-VERS-TLS1.3) on a host without a GnuTLS system configuration (/etc/gnutls/config): write NORMAL:-VERS-TLS1.3 instead",
            "a typo in priority=, or a keyword this GnuTLS does not know", "an empty priority= (QEMU then uses \"\", not NORMAL)");
        Qemu("tls-psk-file", TlsErrorCodes.PskFile, "keys.psk cannot be read or is invalid", @"(Cannot read PSK file|Cannot set PSK server credentials)",
            "create it with psktool -u qemu -p DIR/keys.psk (gnutls-bin), readable by QEMU's user", "dir= has no keys.psk", "the file is not USER:HEXKEY lines");
        Qemu("tls-psk-username", TlsErrorCodes.PskUsername, "the client's username is not in keys.psk", @"Username \S+ not found in PSK file",
            "add the user (psktool -u NAME -p keys.psk) or set username= to one that is there (default: qemu)",
            "username= (default \"qemu\") differs from the first field of every keys.psk line");
        Qemu("tls-username-on-server", TlsErrorCodes.UsernameOnServer, "username= on a PSK server", @"username should not be set when endpoint=server",
            "remove username= from the server's tls-creds-psk", "username= is for clients only");
        Qemu("tls-handshake", TlsErrorCodes.Handshake, "the TLS handshake failed", @"TLS handshake failed",
            new Advice("look at the GnuTLS reason after the colon ({0}), and at the peer's log: the side that refused logs the real cause",
                new ToolAction(ToolTask.Explain, "its explanation in this table", ToolArgument.Positional("\"REASON\""))),
            "the other side refused our certificate (wrong CA, no client certificate with verify-peer=on)", "PSK keys differ", "no common cipher suite (anon vs x509 creds on the two ends)");
        Qemu("tls-handshake-decryption", TlsErrorCodes.Handshake, "a handshake that ended in \"Decryption has failed.\"", @"TLS handshake failed: Decryption has failed",
            new Advice("see the peer's log; {0} with the server's -object line names the alert the client sent; run: {1}",
                new ToolAction(ToolTask.ServeTls, "a TLS server"), CheckServerFor("NAME")),
            "on a server, TLS 1.3: the client refused our certificate (a CA it does not trust, a name it did not dial) and sent its alert unencrypted, " +
            "which GnuTLS reports this way (OpenSSL clients do) - not a key password problem",
            "with PSK, TLS 1.2: the two ends' keys differ");
        Qemu("tls-no-peer-certificate", TlsErrorCodes.NoPeerCertificate, "the peer sent no certificate", @"No certificate peers",
            new Advice("give the client a certificate (client-cert.pem + client-key.pem in its dir=: {0}), or set verify-peer=off on the server",
                CertDirActions.Create("a client certificate for NAME", CertDirActions.Dir, CertDirActions.Client())),
            "the server has verify-peer=on (QEMU's default) and the client's dir= has no client-cert.pem/client-key.pem",
            "the client's cert and key are both needed: QEMU 7.2 silently ignores one without the other");
        Qemu("tls-hostname", TlsErrorCodes.Hostname, "the server certificate does not cover the name the client dialled",
            @"Certificate does not match the hostname (?<name>\S+)",
            new Advice("reissue the server certificate with the name as subjectAltName ({0}), or dial a name it has ({1} lists them)",
                CertDirActions.Create("a certificate with the names (NAME, ADDR)", CertDirActions.Dir, CertDirActions.Hostname(), CertDirActions.Ip()), CheckServerFor("NAME")),
            "the client connects by IP but the certificate has only DNS names (or the reverse)", "tls-hostname/migration URI uses a short name, the certificate the FQDN");
        Qemu("tls-no-hostname", TlsErrorCodes.Hostname, "an x509 client session without a hostname", @"No hostname for certificate validation",
            "give the client the server's name (tls-hostname=, or the host in the URI)", "newer QEMU refuses to verify a server certificate without a name to check");
        Qemu("tls-verify", TlsErrorCodes.Verify, "the peer's certificate failed verification",
            @"(The certificate is not trusted|The certificate hasn't got a known issuer|The certificate has been revoked|The certificate uses an insecure algorithm|The certificate is not yet activated|Invalid certificate)",
            new Advice("make both ends use certificates from the CA in the other end's ca-cert.pem; " + CheckDir, CheckAny),
            "\"hasn't got a known issuer\": the peer's certificate comes from another CA (server and client from different CAs)",
            "\"not trusted\": a bad signature or a CA that may not sign", "\"revoked\": the peer's certificate is in this end's ca-crl.pem",
            "\"insecure algorithm\": SHA-1 signature");
        Qemu("tls-authz", TlsErrorCodes.Authz, "the client's DN is not in the authz list", @"TLS x509 authz check for .+ is denied",
            "add the DN exactly as printed (GnuTLS order, e.g. C=UK,CN=client) to the authz object, or use format=glob",
            "the DN order differs from what the list expects", "the client uses another certificate than planned");
        Qemu("tls-channel", TlsErrorCodes.Session, "reading or writing the TLS channel failed", @"Cannot (write to|read from) TLS channel",
            new Advice("look at the other side's log: this is usually a handshake the peer refused; " + CheckDir + " on both directories", CheckAny),
            "the peer closed the connection after refusing our certificate (e.g. a missing client certificate with verify-peer=on)",
            "the hidden cause is often \"Unable to access credentials ...client-cert.pem\" on the source host");

        // QEMU 7.2 secrets (crypto/secret_common.c, secret.c), the codes qcrypto reports them under.
        Qemu("secret-not-found", ErrorCodes.SecretNotFound, "no secret with that id", @"No secret with id '[^']*'",
            "create the secret object before the object that uses it (-object secret,id=ID,... first)", "passwordid=/keyid= names an id that does not exist (yet)");
        Qemu("secret-no-data", ErrorCodes.SecretNoData, "the secret has no data", @"Secret with id '[^']*' has no data", "give data= or file=", "the secret failed to load");
        Qemu("secret-not-utf8", ErrorCodes.SecretNotUtf8, "the secret is not valid UTF-8", @"Data from secret \S+ is not valid UTF-8",
            "store the password as text (format=raw file written with printf)", "a binary secret used as a password (passwordid=)");
        Qemu("secret-key-length", ErrorCodes.SecretKeyLength, "the master key is not 32 bytes", @"Key should be 32 bytes in length",
            new Advice("make one with {0}; load it with format=base64", new ToolAction(ToolTask.NewMasterKey, "head -c 32 /dev/urandom | base64")), "the key file is base64 but format=raw (or the reverse)", "an AES-128 or hex key");
        Qemu("secret-iv-missing", ErrorCodes.SecretIvMissing, "keyid= without iv=", @"IV is required to decrypt secret", "add iv=<base64 of the 16-byte IV used to encrypt>", "iv= was left out");
        Qemu("secret-iv-length", ErrorCodes.SecretIvLength, "the IV is not 16 bytes", @"IV should be 16 bytes in length not \d+",
            "give the 16-byte IV in base64 (openssl -iv takes hex: convert with xxd -r -p | base64)", "a hex IV", "QEMU's old docs said 32 bytes: AES-CBC IVs are 16");
        Qemu("secret-block-length", ErrorCodes.SecretBlockLength, "the ciphertext is not a multiple of 16 bytes", @"Length \d+ must be a multiple of block size 16",
            "add format=base64 when data= is base64", "base64 ciphertext read as raw");
        Qemu("secret-padding", ErrorCodes.SecretPadding, "the decrypted secret has bad padding", @"Incorrect number of padding bytes \(\d+\) found on decrypted data",
            new Advice("check keyid= and iv= ({0} shows what QEMU decrypts)", new ToolAction(ToolTask.DecryptSecret, "decrypting it through the object model")), "a wrong master key or IV", "ciphertext from openssl enc -k (salted, KDF) instead of -K/-iv");
        Qemu("secret-read", ErrorCodes.SecretRead, "the secret file cannot be read", @"Unable to read \S+: ",
            "check the path and that QEMU's user can read it", "the file does not exist or is not readable");

        // libvirt's wrappers and the generic symptoms users see (autotest/tp-libvirt, vexxhost, webvirtmgr threads).
        Libvirt("libvirt-hostname", "libvirt's hostname check failed", @"Certificate \[session\] owner does not match the hostname",
            new Advice("reissue the server certificate with every name and IP peers dial as subjectAltName; check with {0}", CheckServerFor("NAME")),
            "the peer connects via another name or IP than the certificate's SANs (e.g. a pod IP, the short hostname)", "the certificate has only a CN");
        Libvirt("libvirt-ca-read", "libvirt cannot read its CA certificate", @"Cannot read CA certificate '[^']+'",
            "install the CA certificate; it is needed even with verification off", "libvirt's path is /etc/pki/CA/cacert.pem; QEMU's dir= uses ca-cert.pem");
        Libvirt("libvirt-no-certificate", "the peer presented no certificate", @"Unable to verify TLS peer: No certificate was found",
            "give the client side a client certificate (client-cert.pem/client-key.pem)", "the client's certificate directory has no client certificate");
        Libvirt("libvirt-verify-failed", "libvirt's peer verification failed", @"Failed to verify peer's certificate",
            new Advice("check the peer's certificate against this host's CA: " + CheckDir, CheckAny), "the certificates come from different CAs", "a hostname mismatch (see the next log line)");
        Libvirt("connection-abort", "the connection was dropped during TLS setup", @"Software caused connection abort",
            new Advice("look at the destination's log: it usually refused the TLS handshake; " + CheckDir + " on both hosts", CheckAny),
            "the destination refused our certificate (missing client certificate with verify-peer=on, wrong CA)");
        Libvirt("migration-stream", "the destination saw garbage instead of a migration stream", @"(Not a migration stream|load of migration failed: Invalid argument)",
            "make both sides use TLS (or both not): --tls on both ends, matching tls-creds", "one side uses TLS and the other does not", "a TLS failure after a hostname mismatch");

        // GnuTLS error codes: the text comes from the installed GnuTLS.
        void G(int code, Advice fix, params string[] causes)
        {
            all.Add(new ExplainEntry($"gnutls{code}", "gnutls", GnuTlsText(code), System.Text.RegularExpressions.Regex.Escape(GnuTlsText(code)), [.. causes.Select(c => (Advice)c)], fix)
            {
                Code = GnuTlsName(code),
            });
        }

        G(-64, new Advice("check that the file exists and that the user running QEMU can read it (" + CheckDir + ")", CheckAsQemu),
            "the file is not readable by the user QEMU runs as (keys are often 0600 root:root)", "the path names a directory or a dangling symlink");
        G(-207, "convert to PEM: certtool --certificate-info --inder --infile FILE --outfile FILE.pem", "the file is DER (binary), not PEM", "the file is not a certificate/key at all", "an encrypted key given without passwordid=");
        G(-34, "copy the file again", "the PEM base64 is corrupted or truncated");
        G(-56, "put a PEM key/certificate in the file", "the file holds no object of the expected kind (e.g. random bytes, a CSR)");
        G(-60, "install the key that matches the certificate, or reissue the certificate", "server-key.pem/client-key.pem belongs to another certificate");
        G(-24, new Advice("loading a key: give passwordid= naming a secret with the right password (written with printf, no newline); in a handshake: see the peer's log " +
            "({0} with the same -object lines names the alert the peer sent)", ServeOrConnect),
            "loading a key (\"Cannot load certificate ... & key ...\"): the key is encrypted and the password is wrong or missing",
            "in a TLS 1.3 handshake on a server: the client refused our certificate and sent its alert unencrypted, which GnuTLS cannot read (OpenSSL clients do)",
            "in a TLS 1.2 PSK handshake: the two ends' PSK keys differ");
        G(-55, "see the peer's log; with PSK check that both ends hold the same key for the user",
            "a TLS 1.3 PSK handshake whose binder does not verify: the PSK keys differ", "the peer sent a malformed handshake message");
        G(-71, new Advice("re-encrypt the key with PBKDF2 and AES: openssl pkcs8 -topk8 -in KEY -v2 aes-256-cbc -v2prf hmacWithSHA256 -out KEY.new; " + CheckDir, CheckAny),
            "a PKCS#8 key encrypted with scrypt (openssl pkcs8 -scrypt), which GnuTLS 3.7 cannot decrypt whatever the password", "a damaged DER structure");
        G(-67, new Advice("make a key on a curve GnuTLS knows (P-256: {1}); " + CheckDir, CheckAny, CertDirActions.Create("a P-256 key and certificate", CertDirActions.Key("ecdsa-p256"))),
            "an EC key or certificate on a curve GnuTLS does not support: secp256k1, brainpool, SM2, or explicit curve parameters",
            "a DER structure missing a required element");
        G(-6, "re-encrypt the key with AES-CBC: openssl pkcs8 -topk8 -in KEY -v2 aes-256-cbc -v2prf hmacWithSHA256 -out KEY.new",
            "a PKCS#8 key encrypted with a cipher GnuTLS does not implement (Camellia, ARIA, SEED, SM4, Blowfish, RC2, OFB modes, PKCS#12 2DES)");
        G(-96, "re-encrypt the key with PBKDF2-HMAC-SHA256: openssl pkcs8 -topk8 -in KEY -v2 aes-256-cbc -v2prf hmacWithSHA256 -out KEY.new",
            "a PKCS#8 key whose PBKDF2 uses a hash GnuTLS does not know (HMAC-SHA512/224, SHA512/256, SHA3)");
        G(-31, "write the keys.psk entry with psktool -u USER -p keys.psk (the same key on both ends)",
            "a PSK server whose keys.psk entry for the client's user is malformed: an odd number of hex digits, a non-hex character, white space, 0x, base64");
        G(-69, "check that the file is a certificate/key of the right kind", "the DER inside the PEM is damaged or of another type");
        G(-110, "look at the peer's log: it closed the connection, usually after refusing our certificate or PSK key",
            "the peer refused the handshake (no client certificate with verify-peer=on, wrong CA, different PSK)", "the client's cert/key files are missing or unreadable");
        G(-21, "use the same kind of credentials on both ends (x509 with x509, psk with psk, anon with anon), and compatible priority strings",
            "one end uses tls-creds-anon and the other x509 (verify-peer confusion)", "priority strings with no common cipher");
        G(-87, "check priority=", "the priority string enables no cipher suites usable with these credentials");
        G(-49, "give the endpoint a certificate (client-cert.pem + client-key.pem)", "the peer expected a certificate and none was sent", "the file holds no certificate");
        G(-32, "load credentials of the kind the peer needs (a certificate on a server; the same PSK user on both ends)", "the server has no certificate/key for the negotiated key exchange");
        G(-48, "reissue the certificate with keyUsage digitalSignature (and keyEncipherment for RSA key exchange)", "the certificate's keyUsage forbids what the handshake needs");
        G(-12, new Advice("{0} with the same -object lines names the alert and what it means; the peer's log says why it sent it", ServeOrConnect),
            "the peer refused our certificate (bad_certificate, unknown_ca, access_denied), wants one we did not send (certificate_required, " +
            "handshake_failure, decode_error), holds another PSK key (illegal_parameter, bad_record_mac, decrypt_error), or shares no version or cipher with us");
        G(-53, "check the network connection and the peer", "the connection was reset while sending");
        G(-54, "check the network connection and the peer", "the connection was reset while receiving");
        G(-9, "make sure both ends speak TLS on this port (NBD: --tls-creds on qemu-nbd; VNC: tls-creds=)", "the peer does not speak TLS, or speaks another protocol first");
        G(-8, "make sure both ends speak TLS on this port", "the peer is not a TLS endpoint");
        G(-325, "check the priority strings on both ends", "the peer sent a parameter GnuTLS rejects");
        G(-348, "run certtool --verify on the peer's chain", "the certificate chain could not be verified");
        G(-29, "reissue the certificate", "a certificate has expired");
        G(-411, "check the clocks", "a certificate is not valid yet");
        G(-47, "reissue without the unsupported critical extension", "the certificate has a critical extension GnuTLS does not know");
        G(-106, "reissue with SHA-256 signatures", "the signature algorithm is disabled (SHA-1, MD5)");
        G(-217, "use a stronger key, DH group or signature (RSA 2048+, SHA-256)", "a key, DH group or signature is below GnuTLS's security level");
        G(-324, "order the chain file leaf first, then each issuer", "a certificate chain file is not in subject-to-issuer order");
        G(-43, "reissue the certificate", "the certificate is malformed");
        G(-302, "check the file's format", "GnuTLS could not parse the input");
        G(-99, "use a password without special characters, or write it as UTF-8", "the key's password contains characters GnuTLS refuses");
        G(-112, "give the client a certificate", "the server demands a client certificate (TLS 1.3 certificate_required alert)");

        // Every certdir check finding code.
        foreach (var rule in CheckRules.All)
        {
            all.Add(new ExplainEntry(rule.Code, "check", rule.Title, null, [rule.Meaning], rule.Fix) { Code = rule.Code });
        }

        return all;
    }

    /// <summary>The generic directory check, run as the emulator's user (qemu).</summary>
    private static ToolAction CheckAsQemu => CertDirActions.Check("a directory check as the emulator's user (User = qemu)",
        CertDirActions.Dir, CertDirActions.Endpoint("server|client"), ToolArgument.Named("user", "qemu"));

    private static ToolAction ServeOrConnect => new(ToolTask.ServeOrConnectTls, "a TLS session with the same credentials");

    /// <summary>A check of a server directory against the name <paramref name="name"/> clients dial.</summary>
    private static ToolAction CheckServerFor(string name) => CertDirActions.Check($"a server directory check for the name {name}",
        CertDirActions.Dir, CertDirActions.Endpoint("server"), CertDirActions.Hostname(name));

    private static string GnuTlsText(int code)
    {
        GnuTlsLibrary.EnsureInitialized();
        return Interop.GnuTls.StrError(code);
    }

    private static string GnuTlsName(int code) => Interop.GnuTls.ErrorName(code) ?? code.ToString(CultureInfo.InvariantCulture);
}
