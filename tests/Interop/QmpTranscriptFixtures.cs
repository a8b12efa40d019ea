using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests;

/// <summary>The files the QMP transcript names: master keys, a test PKI (as libvirt's tests use it) and a PSK file.</summary>
public sealed partial class QmpTranscriptTests
{
    // libvirt's test password: the key of enc/server-key.pem and the plaintext of its fake secrets.
    private const string KeyPassword = LibvirtPlaintext;

    /// <summary>The transcript with @KEY@, @ZEROKEY@, @PKI@, @PSK@ and @TMP@ filled in.</summary>
    private static string Fixtures(TempDir dir)
    {
        // libvirt's test master key: the bytes 00..1f (its fake ciphertexts decrypt with it).
        var key = dir.Private("master-key.aes", [.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        var zero = dir.Private("zero.key", new byte[32]);
        var psk = dir.Sub("psk");
        File.WriteAllText(Path.Combine(psk, "keys.psk"), "bob:0123456789abcdef0123456789abcdef\n");
        var pki = Pki(dir.Sub("pki"));
        var text = File.ReadAllText(Path.Combine(SourceDirectory(), "Qmp", "transcript.jsonl"));
        return text.Replace("@KEY@", key, StringComparison.Ordinal).Replace("@ZEROKEY@", zero, StringComparison.Ordinal)
            .Replace("@PKI@", pki, StringComparison.Ordinal).Replace("@PSK@", psk, StringComparison.Ordinal)
            .Replace("@TMP@", dir.Path, StringComparison.Ordinal);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") => Path.GetDirectoryName(sourceFile)!;

    /// <summary>srv (server, plain key), enc (server, key encrypted with libvirt's password), cli (CA only).</summary>
    private static string Pki(string d)
    {
        var openssl = Tool.Require("openssl", "openssl");
        void Ssl(params string[] args) => Tool.RunBytes(openssl, args);
        foreach (var sub in new[] { "srv", "enc", "cli" })
        {
            Directory.CreateDirectory(Path.Combine(d, sub));
        }

        string P(string name) => Path.Combine(d, name);
        Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("ca-key.pem"), "-out", P("ca-cert.pem"),
            "-days", "30", "-subj", "/CN=testca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("srv/server-key.pem"), "-out", P("srv.csr"), "-subj", "/CN=localhost");
        File.WriteAllText(P("srv.ext"),
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n");
        Ssl("x509", "-req", "-in", P("srv.csr"), "-CA", P("ca-cert.pem"), "-CAkey", P("ca-key.pem"), "-CAcreateserial", "-out", P("srv/server-cert.pem"),
            "-days", "30", "-extfile", P("srv.ext"));
        foreach (var sub in new[] { "srv", "enc", "cli" })
        {
            File.Copy(P("ca-cert.pem"), P($"{sub}/ca-cert.pem"));
        }

        File.Copy(P("srv/server-cert.pem"), P("enc/server-cert.pem"));
        Ssl("pkcs8", "-topk8", "-in", P("srv/server-key.pem"), "-out", P("enc/server-key.pem"), "-v2", "aes-256-cbc", "-passout", $"pass:{KeyPassword}");
        return d;
    }
}
