using Qcrypto.TestCerts;

namespace Qcrypto.Bench.Tls;

/// <summary>The credential directories both tool pairs use: PSK, and x509 with ECDSA P-256 or RSA-3072 keys.</summary>
public sealed class TlsBenchDirs : IDisposable
{
    public const string Hostname = "bench.example";

    public TlsBenchDirs()
    {
        Root = Directory.CreateTempSubdirectory("qcrypto-tls-bench-").FullName;
        Psk = Path.Combine(Root, "psk");
        Directory.CreateDirectory(Psk);
        PskKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(Psk, "keys.psk"), $"qemu:{PskKey}\n");
        Ecdsa = X509(KeyAlgorithm.EcdsaP256, "ecdsa");
        Rsa = X509(KeyAlgorithm.Rsa3072, "rsa");
    }

    public string Root { get; }

    public string Psk { get; }

    public string PskKey { get; }

    public (string Server, string Client) Ecdsa { get; }

    public (string Server, string Client) Rsa { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private (string Server, string Client) X509(KeyAlgorithm algorithm, string name)
    {
        var ca = new CertRequest(new DistinguishedName("UK", $"bench {name} CA"))
        {
            KeyAlgorithm = algorithm,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.KeyCertSign),
        }.Issue();
        var server = new CertRequest(new DistinguishedName("UK", Hostname))
        {
            Issuer = ca,
            KeyAlgorithm = algorithm,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            ExtendedKeyUsage = new ExtendedKeyUsageExtension(true, [KeyPurposeOids.ServerAuth]),
            DnsNames = [Hostname],
        }.Issue();
        var client = new CertRequest(new DistinguishedName("UK", "bench client"))
        {
            Issuer = ca,
            KeyAlgorithm = algorithm,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            ExtendedKeyUsage = new ExtendedKeyUsageExtension(true, [KeyPurposeOids.ClientAuth]),
        }.Issue();
        var serverDir = new CertDirWriter().CaCerts(ca).Server(server).WriteTo(Path.Combine(Root, name, "server"));
        var clientDir = new CertDirWriter().CaCerts(ca).Client(client).WriteTo(Path.Combine(Root, name, "client"));
        return (serverDir, clientDir);
    }
}
