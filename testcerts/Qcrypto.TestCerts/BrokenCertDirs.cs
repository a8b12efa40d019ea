using static Qcrypto.TestCerts.KeyUsageFlags;

namespace Qcrypto.TestCerts;

/// <summary>
/// Server credential directories with one thing wrong each (and a few good ones for contrast), for a directory
/// checker. Each scenario says what is wrong (<see cref="Scenario.Defect"/>) and what QEMU 7.2 does when asked to
/// load it (<see cref="Scenario.Qemu72"/>) — which is often "nothing, it loads": QEMU does not look at file modes,
/// revocation of its own certificate, expiry warnings or weak DH groups. ECDSA P-256 keys are used wherever
/// the key type does not matter, because they are cheap to make.
/// </summary>
public static class BrokenCertDirs
{
    /// <summary>The password of the <see cref="CertDirDefect.EncryptedKey"/> scenario's key.</summary>
    public const string KeyPassword = "qcrypto-test-password";

    private static readonly Lazy<IReadOnlyList<Scenario>> s_all = new(Build);

    /// <summary>Every scenario.</summary>
    public static IReadOnlyList<Scenario> All => s_all.Value;

    /// <summary>One scenario by name.</summary>
    public static Scenario Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"no broken-directory scenario '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}");

    private static IReadOnlyList<Scenario> Build()
    {
        const string Sc = "{dir}/" + QemuFileNames.ServerCert;
        const string Sk = "{dir}/" + QemuFileNames.ServerKey;
        const string Ca = "{dir}/" + QemuFileNames.CaCert;
        var scenarios = new List<Scenario>();

        // The CA can sign CRLs too: OpenSSL and GnuTLS reject CRLs from a CA whose keyUsage lacks cRLSign.
        IssuedCert MakeCa(string cn, IssuedCert? issuer = null) => new CertRequest(new("UK", cn, "qcrypto tests"))
        {
            Issuer = issuer,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyCertSign | CrlSign),
        }.Issue();
        CertRequest ServerRequest(IssuedCert ca) => new(new("UK", "qemu.org", "qcrypto tests"))
        {
            Issuer = ca,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new(true, DigitalSignature | KeyEncipherment),
            ExtendedKeyUsage = new(true, KeyPurposeOids.ServerAuth),
            DnsNames = ["qemu.org"],
        };
        CertRequest ClientRequest(IssuedCert ca) => new(new("UK", "qemu", "qcrypto tests"))
        {
            Issuer = ca,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new(true, DigitalSignature | KeyEncipherment),
            ExtendedKeyUsage = new(true, KeyPurposeOids.ClientAuth),
        };

        var ca = MakeCa("qcrypto test CA");
        var server = ServerRequest(ca).Issue();
        var client = ClientRequest(ca).Issue();

        void Add(string name, CertDirDefect defect, CertDirWriter dir, IssuedCert? leaf, IssuedCert[] cas, Verdict qemu72,
            string description, Endpoint endpoint = Endpoint.Server, string? password = null) =>
            scenarios.Add(new Scenario(name, endpoint, dir.Build())
            {
                Defect = defect,
                Description = description,
                Qemu72 = qemu72,
                Leaf = leaf,
                CaCerts = cas,
                KeyPassword = password,
            });
        CertDirWriter Good() => new CertDirWriter().CaCerts(ca).Server(server);

        Add("good-server", CertDirDefect.None, Good().DhParameters(DhParams.Ffdhe2048), server, [ca], Verdict.Pass,
            "a correct server directory with RFC 7919 ffdhe2048 DH parameters");
        Add("good-client", CertDirDefect.None, new CertDirWriter().CaCerts(ca).Client(client), client, [ca], Verdict.Pass,
            "a correct client directory", Endpoint.Client);

        var crl = new CrlBuilder(ca).Revoke(server).Build();
        Add("revoked-own-cert", CertDirDefect.RevokedOwnCert, Good().Crl(crl), server, [ca], Verdict.Pass,
            "ca-crl.pem revokes server-cert.pem; QEMU 7.2's sanity check verifies without CRLs, so it loads");
        var staleCrl = new CrlBuilder(ca).Revoke(Serials.Next()).Expired().Build();
        Add("expired-crl", CertDirDefect.ExpiredCrl, Good().Crl(staleCrl), server, [ca], Verdict.Pass,
            "ca-crl.pem's nextUpdate passed an hour ago; GnuTLS loads it anyway");

        var otherCa = MakeCa("qcrypto other CA");
        Add("wrong-ca", CertDirDefect.WrongCa, new CertDirWriter().CaCerts(otherCa).Server(server), server, [otherCa],
            Verdict.Fail($"Our own certificate {Sc} failed validation against {Ca}: The certificate hasn't got a known issuer"),
            "ca-cert.pem holds a CA that did not issue server-cert.pem");

        var strangerKey = (ServerRequest(ca) with { KeyPair = KeyPairs.Generate(KeyAlgorithm.EcdsaP256) }).Issue();
        Add("key-cert-mismatch", CertDirDefect.KeyCertMismatch,
            Good().File(QemuFileNames.ServerKey, strangerKey.KeyToPem()), server, [ca],
            Verdict.Fail($"Cannot load certificate '{Sc}' & key '{Sk}': The certificate and the given key do not match."),
            "server-key.pem is another key than server-cert.pem's");

        Add("world-readable-key", CertDirDefect.WorldReadableKey,
            Good().Mode(QemuFileNames.ServerKey, CertDirWriter.WorldReadable), server, [ca], Verdict.Pass,
            "server-key.pem is mode 0644; QEMU does not check modes");

        var sha1 = (ServerRequest(ca) with { SignatureHash = SignatureHash.Sha1 }).Issue();
        Add("sha1-signature", CertDirDefect.Sha1Signature, new CertDirWriter().CaCerts(ca).Server(sha1), sha1, [ca],
            Verdict.Fail($"Our own certificate {Sc} failed validation against {Ca}: The certificate uses an insecure algorithm"),
            "server-cert.pem is signed with SHA-1, which GnuTLS 3.7 no longer accepts in certificate signatures");

        var rsa1024 = (ServerRequest(ca) with { KeyAlgorithm = KeyAlgorithm.Rsa1024 }).Issue();
        Add("weak-rsa-1024", CertDirDefect.WeakRsaKey, new CertDirWriter().CaCerts(ca).Server(rsa1024), rsa1024, [ca], Verdict.Pass,
            "server-cert.pem has a 1024-bit RSA key; QEMU's checks do not look at key sizes");

        var intermediate = MakeCa("qcrypto intermediate CA", ca);
        var chained = ServerRequest(intermediate).Issue();
        Add("chain-out-of-order", CertDirDefect.ChainOutOfOrder,
            new CertDirWriter().CaCerts(ca)
                .File(QemuFileNames.ServerCert, intermediate.ToPem() + chained.ToPem())
                .File(QemuFileNames.ServerKey, chained.KeyToPem()),
            intermediate, [ca],
            Verdict.Fail($"The certificate {Sc} basic constraints show a CA, but we need one for a server"),
            "server-cert.pem = [intermediate, leaf]: QEMU takes the first certificate as its own");
        Add("chain-in-cert-file", CertDirDefect.None, new CertDirWriter().CaCerts(ca).Server(chained, [intermediate]), chained, [ca],
            Verdict.Fail($"Our own certificate {Sc} failed validation against {Ca}: The certificate hasn't got a known issuer"),
            "server-cert.pem = [leaf, intermediate], ca-cert.pem = [root]: valid, but QEMU 7.2 verifies the leaf alone against ca-cert.pem");
        Add("chain-in-ca-file", CertDirDefect.None, new CertDirWriter().CaCerts(ca, intermediate).Server(chained), chained,
            [ca, intermediate], Verdict.Pass, "ca-cert.pem = [root, intermediate]: how QEMU 7.2 wants intermediates");

        var expiringSoon = (ServerRequest(ca) with { Validity = Validity.ExpiringIn(TimeSpan.FromDays(10)) }).Issue();
        Add("expires-in-10-days", CertDirDefect.ExpiresSoon, new CertDirWriter().CaCerts(ca).Server(expiringSoon), expiringSoon, [ca],
            Verdict.Pass, "server-cert.pem expires in 10 days: fine today");

        Add("encrypted-key", CertDirDefect.EncryptedKey, new CertDirWriter().CaCerts(ca).Server(server, keyPassword: KeyPassword),
            server, [ca], Verdict.Pass,
            "server-key.pem is encrypted PKCS#8 (PBES2, AES-256-CBC); loads with passwordid= naming a secret holding KeyPassword",
            password: KeyPassword);

        Add("truncated-pem", CertDirDefect.TruncatedPem,
            Good().File(QemuFileNames.ServerCert, Corruptions.TruncatePem(server.ToPem())), server, [ca],
            Verdict.Fail($"Unable to import server certificate {Sc}: Base64 unexpected header error."),
            "server-cert.pem stops half-way, without its END line");
        Add("der-instead-of-pem", CertDirDefect.DerInsteadOfPem,
            Good().File(QemuFileNames.ServerCert, server.ToDer()), server, [ca],
            Verdict.Fail($"Unable to import server certificate {Sc}: Base64 unexpected header error."),
            "server-cert.pem holds the DER encoding");
        Add("garbage-key", CertDirDefect.GarbageBytes,
            Good().File(QemuFileNames.ServerKey, Corruptions.Garbage()), server, [ca],
            Verdict.Fail($"Cannot load certificate '{Sc}' & key '{Sk}': The requested data were not available."),
            "server-key.pem is 512 random bytes");

        var expiredOtherCa = (new CertRequest(new("UK", "qcrypto retired CA", "qcrypto tests"))
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyCertSign | CrlSign),
            Validity = Validity.Expired,
        }).Issue();
        Add("expired-ca-in-bundle", CertDirDefect.ExpiredCaInBundle,
            new CertDirWriter().CaCerts(expiredOtherCa, ca).Server(server), server, [expiredOtherCa, ca],
            Verdict.Fail($"The CA certificate {Ca} has expired"),
            "ca-cert.pem = [an expired CA that issued nothing here, the real CA]: QEMU 7.2 checks every CA in the file " +
            "(QEMU 10.x only checks the ones in the chain of trust)");

        Add("weak-dh-params", CertDirDefect.WeakDhParams, Good().DhParameters(DhParams.WeakModp1024), server, [ca], Verdict.Pass,
            "dh-params.pem holds the 1024-bit RFC 2409 group; GnuTLS imports it");

        return scenarios;
    }
}
