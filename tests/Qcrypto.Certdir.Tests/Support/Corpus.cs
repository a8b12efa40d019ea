using Qcrypto.TestCerts;
using static Qcrypto.TestCerts.KeyUsageFlags;

namespace Qcrypto.Certdir.Tests.Support;

/// <summary>
/// One directory of the test corpus: a testcerts scenario (QEMU's table, the broken dirs) or one of our own extra
/// broken directories (things a <see cref="Scenario"/> cannot express: symlinks, directories in place of files,
/// huge files). <see cref="Write"/> makes it under a parent and returns its path.
/// </summary>
public sealed record CorpusDir(string Name, Endpoint Endpoint, string Origin, Func<string, string> Write)
{
    public string? Password { get; init; }

    /// <summary>QEMU 7.2's verdict when the scenario pins it (the testcerts oracle tests confirm it against qemu-img).</summary>
    public Verdict? Expected { get; init; }

    /// <summary>Finding codes the checker must report (beyond QEMU's error).</summary>
    public IReadOnlyList<string> ExpectedCodes { get; init; } = [];

    /// <summary>The leaf certificate file name (for certtool), when the directory has a usable one.</summary>
    public bool HasChain { get; init; }

    public override string ToString() => Name;
}

/// <summary>Every directory the oracle and table tests run over.</summary>
public static class Corpus
{
    private static readonly Lazy<IReadOnlyList<CorpusDir>> s_all = new(Build);

    public static IReadOnlyList<CorpusDir> All => s_all.Value;

    public static CorpusDir Get(string name) => All.First(d => d.Name == name);

    public static TheoryData<string> Names(Func<CorpusDir, bool>? where = null) => new(All.Where(where ?? (_ => true)).Select(d => d.Name));

    private static IReadOnlyList<CorpusDir> Build()
    {
        var all = new List<CorpusDir>();
        foreach (var edition in new[] { QemuTestEdition.Newer, QemuTestEdition.Qemu72 })
        {
            foreach (var s in QemuTestCerts.CredsX509Cases(edition))
            {
                all.Add(FromScenario($"{(edition == QemuTestEdition.Newer ? "table" : "table72")}/{s.Name}", s, "QEMU tlscredsx509 table"));
            }
        }

        foreach (var s in BrokenCertDirs.All)
        {
            all.Add(FromScenario($"broken/{s.Name}", s, "testcerts BrokenCertDirs") with { ExpectedCodes = CodesFor(s) });
        }

        all.AddRange(Extras());
        return all;
    }

    private static CorpusDir FromScenario(string name, Scenario s, string origin) => new(name, s.Endpoint, origin, parent => ScenarioWriter.Write(s, Path.Combine(parent, Safe(name))))
    {
        Password = s.KeyPassword,
        Expected = s.Qemu72,
        HasChain = s.Leaf is not null && s.File(QemuFileNames.CertFor(s.Endpoint)) is not null && s.File(QemuFileNames.CaCert) is not null,
    };

    private static string[] CodesFor(Scenario s) => s.Name switch
    {
        "revoked-own-cert" => ["own-cert-revoked"],
        "expired-crl" => ["crl-expired"],
        "wrong-ca" => ["issuer-not-found"],
        "key-cert-mismatch" => ["key-cert-mismatch"],
        "world-readable-key" => ["key-readable-by-others"],
        "sha1-signature" => ["weak-signature"],
        "weak-rsa-1024" => ["weak-key"],
        "chain-out-of-order" => ["chain-out-of-order"],
        "chain-in-cert-file" => ["intermediate-not-in-ca-file"],
        "expires-in-10-days" => ["expires-soon"],
        "truncated-pem" => ["pem-truncated"],
        "der-instead-of-pem" => ["not-pem"],
        "garbage-key" => ["not-pem"],
        "weak-dh-params" => ["weak-dh-params"],
        _ => [],
    };

    private static string Safe(string name) => name.Replace('/', '_');

    /// <summary>Our own broken directories: each starts from a good ECDSA server (or client) directory.</summary>
    private static IEnumerable<CorpusDir> Extras()
    {
        var ca = new CertRequest(new("UK", "qcrypto extra CA", "qcrypto tests"))
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyCertSign | CrlSign),
        }.Issue();
        CertRequest Leaf(IssuedCert issuer, string cn, string purpose) => new(new("UK", cn, "qcrypto tests"))
        {
            Issuer = issuer,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new(true, DigitalSignature),
            ExtendedKeyUsage = new(false, purpose),
            DnsNames = purpose == KeyPurposeOids.ServerAuth ? [cn] : [],
        };
        var server = Leaf(ca, "extra.example", KeyPurposeOids.ServerAuth).Issue();
        var client = Leaf(ca, "extra-client", KeyPurposeOids.ClientAuth).Issue();
        CertDirWriter Good() => new CertDirWriter().CaCerts(ca).Server(server);

        CorpusDir Dir(string name, string[] codes, Func<CertDirWriter> files, Action<string>? after = null, Endpoint endpoint = Endpoint.Server, bool chain = true) =>
            new($"extra/{name}", endpoint, "certdir extras", parent =>
            {
                var path = files().WriteTo(Path.Combine(parent, "extra_" + name));
                after?.Invoke(path);
                return path;
            })
            { ExpectedCodes = codes, HasChain = chain };

        yield return Dir("good-ecdsa-server", [], Good);
        yield return Dir("good-client", [], () => new CertDirWriter().CaCerts(ca).Client(client), endpoint: Endpoint.Client);
        yield return Dir("client-without-cert", ["client-cert-missing"], () => new CertDirWriter().CaCerts(ca), endpoint: Endpoint.Client, chain: false);
        yield return Dir("client-key-only", ["identity-incomplete"], () => new CertDirWriter().CaCerts(ca).Client(client).Remove(QemuFileNames.ClientCert),
            endpoint: Endpoint.Client, chain: false);
        yield return Dir("ca-cert-is-a-directory", ["not-a-file"], Good, d => { File.Delete(Path.Combine(d, QemuFileNames.CaCert)); Directory.CreateDirectory(Path.Combine(d, QemuFileNames.CaCert)); }, chain: false);
        yield return Dir("ca-cert-symlink-loop", ["file-unreadable"], Good, d =>
        {
            File.Delete(Path.Combine(d, QemuFileNames.CaCert));
            File.CreateSymbolicLink(Path.Combine(d, QemuFileNames.CaCert), "loop-b");
            File.CreateSymbolicLink(Path.Combine(d, "loop-b"), QemuFileNames.CaCert);
        }, chain: false);
        yield return Dir("crl-dangling-symlink", ["file-unreadable"], Good, d => File.CreateSymbolicLink(Path.Combine(d, QemuFileNames.CaCrl), "/nonexistent/ca-crl.pem"));
        yield return Dir("empty-server-cert", ["empty-file"], () => Good().File(QemuFileNames.ServerCert, ""), chain: false);
        yield return Dir("binary-junk-ca", ["not-pem"], () => Good().File(QemuFileNames.CaCert, Corruptions.Garbage(4096, 99)), chain: false);
        yield return Dir("huge-server-cert", ["file-too-large", "not-pem"], () => Good().File(QemuFileNames.ServerCert, Corruptions.Garbage(50 << 20, 5)), chain: false);
        yield return Dir("cert-in-key-file", ["pem-wrong-content"], () => Good().File(QemuFileNames.ServerKey, server.ToPem()));
        yield return Dir("der-key", ["not-pem"], () => Good().File(QemuFileNames.ServerKey, server.KeyToDer()));
        yield return Dir("libvirt-names", ["unknown-file"], () => new CertDirWriter().File("cacert.pem", ca.ToPem()).Server(server), chain: false);
        yield return Dir("crl-from-other-ca", ["crl-issuer-unknown"], () =>
        {
            var other = new CertRequest(new("UK", "qcrypto unrelated CA", "qcrypto tests"))
            {
                KeyAlgorithm = KeyAlgorithm.EcdsaP256,
                BasicConstraints = BasicConstraintsExtension.CriticalCA,
                KeyUsage = new(true, KeyCertSign | CrlSign),
            }.Issue();
            return Good().Crl(new CrlBuilder(other).Revoke(server).Build());
        });
        yield return Dir("numbered-identity-gap", ["numbered-identity-ignored", "numbered-identity-gap"], () => Good()
            .File("server-cert-1.pem", server.ToPem()).File("server-key-1.pem", server.KeyToPem()));
        yield return Dir("psk-junk", ["unused-file", "psk-not-hex", "psk-empty-key", "psk-duplicate-user", "psk-short-key"], () => Good().Psk(
            new PskFile().AddRandom("qemu").AddNonHexKey("bad").AddEmptyKey("empty").AddDuplicate("qemu").AddHex("short", "00112233")));
        yield return Dir("client-files-in-server-dir", ["unused-file"], () => Good().File(QemuFileNames.ClientCert, client.ToPem()));
        yield return Dir("server-eku-client-only", ["key-purpose-mismatch"], () => new CertDirWriter().CaCerts(ca).Server(Leaf(ca, "x.example", KeyPurposeOids.ClientAuth).Issue()));
        yield return Dir("no-san", ["no-subject-alt-name"], () => new CertDirWriter().CaCerts(ca).Server((Leaf(ca, "nosan.example", KeyPurposeOids.ServerAuth) with { DnsNames = [] }).Issue()));
        yield return Dir("encrypted-key-no-password", ["key-encrypted"], () => Good().Server(server, keyPassword: "pw-not-given"));

        // A 5-deep chain: root -> i1 -> i2 -> i3 -> leaf, every CA in ca-cert.pem (as QEMU 7.2 wants).
        var chain = new List<IssuedCert> { ca };
        for (var i = 1; i <= 3; i++)
        {
            chain.Add(new CertRequest(new("UK", $"qcrypto extra level {i}", "qcrypto tests"))
            {
                Issuer = chain[^1],
                KeyAlgorithm = KeyAlgorithm.EcdsaP256,
                BasicConstraints = BasicConstraintsExtension.CriticalCA,
                KeyUsage = new(true, KeyCertSign | CrlSign),
            }.Issue());
        }

        var deep = Leaf(chain[^1], "deep.example", KeyPurposeOids.ServerAuth).Issue();
        yield return Dir("chain-5-deep", [], () => new CertDirWriter().CaCerts(chain).Server(deep));
        yield return Dir("chain-5-deep-missing-level-2", ["ca-chain-incomplete"], () => new CertDirWriter().CaCerts(chain.Where((_, i) => i != 2)).Server(deep));
        yield return Dir("intermediate-as-only-anchor", ["ca-chain-incomplete"], () => new CertDirWriter().CaCerts(chain[^1]).Server(deep));
    }
}
