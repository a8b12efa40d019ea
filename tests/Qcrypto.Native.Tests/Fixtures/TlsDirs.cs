using Qcrypto.TestCerts;

namespace Qcrypto.Native.Tests.Fixtures;

/// <summary>Scratch credential directories: a PSK keys.psk, and x509 server/client dirs (ECDSA P-256, one CA).</summary>
public sealed class TlsDirs : IDisposable
{
    public const string Hostname = "native.example";

    public TlsDirs()
    {
        Root = Directory.CreateTempSubdirectory("qcrypto-native-tls-").FullName;
        Psk = Path.Combine(Root, "psk");
        Directory.CreateDirectory(Psk);
        PskKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(Psk, "keys.psk"), $"qemu:{PskKey}\n");
        var ca = new CertRequest(new DistinguishedName("UK", "native CA"))
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.KeyCertSign),
        }.Issue();
        var server = new CertRequest(new DistinguishedName("UK", Hostname))
        {
            Issuer = ca,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            ExtendedKeyUsage = new ExtendedKeyUsageExtension(true, [KeyPurposeOids.ServerAuth]),
            DnsNames = [Hostname],
        }.Issue();
        var client = new CertRequest(new DistinguishedName("UK", "native client"))
        {
            Issuer = ca,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new KeyUsageExtension(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            ExtendedKeyUsage = new ExtendedKeyUsageExtension(true, [KeyPurposeOids.ClientAuth]),
        }.Issue();
        Server = new CertDirWriter().CaCerts(ca).Server(server).WriteTo(Path.Combine(Root, "server"));
        Client = new CertDirWriter().CaCerts(ca).Client(client).WriteTo(Path.Combine(Root, "client"));
    }

    public string Root { get; }

    public string Psk { get; }

    public string PskKey { get; }

    public string Server { get; }

    public string Client { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
