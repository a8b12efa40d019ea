using System.Diagnostics;

namespace Qcrypto.Cli.Tests.Peers;

/// <summary>
/// Credentials for TLS tests against real peers, made once per test class: two unrelated CAs (by qcrypto certdir
/// create), a server directory (localhost, 127.0.0.1) with fixed DH parameters, client directories with and without a
/// client certificate and with one from the other CA, PEM files for openssl/gnutls peers, and two keys.psk.
/// </summary>
public sealed class TlsPki : IDisposable
{
    // RFC 7919 ffdhe2048 (openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048): no DH generation at load.
    private const string Ffdhe2048 = """
        -----BEGIN DH PARAMETERS-----
        MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
        +8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
        87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
        YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
        7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
        ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
        -----END DH PARAMETERS-----
        """;

    private readonly TempDir _root = new();

    public TlsPki()
    {
        MakeDir("pki", "ca");
        MakeDir("pki2", "ca2");
        File.WriteAllText(Path.Combine(Server, "dh-params.pem"), Ffdhe2048 + "\n");

        Directory.CreateDirectory(ClientWithoutCertificate);
        File.Copy(Path.Combine(Server, "ca-cert.pem"), Path.Combine(ClientWithoutCertificate, "ca-cert.pem"));
        Directory.CreateDirectory(ClientFromOtherCa);
        File.Copy(Path.Combine(Server, "ca-cert.pem"), Path.Combine(ClientFromOtherCa, "ca-cert.pem"));
        File.Copy(Path.Combine(Dir("pki2"), "client-cert.pem"), Path.Combine(ClientFromOtherCa, "client-cert.pem"));
        File.Copy(Path.Combine(Dir("pki2"), "client-key.pem"), Path.Combine(ClientFromOtherCa, "client-key.pem"));

        Directory.CreateDirectory(Psk);
        Directory.CreateDirectory(OtherPsk);
        File.WriteAllText(Path.Combine(Psk, "keys.psk"), $"qemu:{PskKey}\n");
        File.WriteAllText(Path.Combine(OtherPsk, "keys.psk"), $"qemu:{OtherPskKey}\n");
        File.WriteAllText(Path.Combine(Psk, "dh-params.pem"), Ffdhe2048 + "\n");
    }

    public string PskKey => "00112233445566778899aabbccddeeff";

    public string OtherPskKey => "ffeeddccbbaa99887766554433221100";

    /// <summary>Server (and client) certificates of the first CA.</summary>
    public string Server => Dir("pki");

    /// <summary>The second CA's directory: its ca-cert.pem trusts nothing of the first.</summary>
    public string OtherCa => Dir("pki2");

    public string ClientWithoutCertificate => Dir("client-nocert");

    public string ClientFromOtherCa => Dir("client-foreign");

    public string Psk => Dir("psk");

    public string OtherPsk => Dir("psk-other");

    public string Dir(string name) => Path.Combine(_root.Path, name);

    public void Dispose() => _root.Dispose();

    private void MakeDir(string dir, string ca)
    {
        var r = CliRunner.Run(_root.Path, "certdir", "create", Dir(dir), "--ca-dir", Dir(ca), "--hostname", "localhost", "--ip", "127.0.0.1",
            "--client", "client1", "--key", "ecdsa-p256");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Debug.Assert(File.Exists(Path.Combine(Dir(dir), "server-key.pem")));
    }
}
