using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// A test PKI made with the openssl command line, as libvirt's test command lines need it: srv (server, plain
/// key), enc (server, key encrypted with the password), cli (CA only), enccli (client cert, key encrypted).
/// </summary>
internal static class TestPki
{
    public static string Create(string d, string password)
    {
        var openssl = Tool.Require("openssl", "openssl");
        void Ssl(params string[] args) => Tool.RunBytes(openssl, args);
        foreach (var sub in new[] { "srv", "enc", "cli", "enccli" })
        {
            Directory.CreateDirectory(Path.Combine(d, sub));
        }

        string P(string name) => Path.Combine(d, name);
        Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("ca-key.pem"), "-out", P("ca-cert.pem"),
            "-days", "30", "-subj", "/CN=testca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        foreach (var (name, usage) in new[] { ("srv", "serverAuth"), ("cli", "clientAuth") })
        {
            Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P($"{name}.key"), "-out", P($"{name}.csr"), "-subj", "/CN=localhost");
            File.WriteAllText(P($"{name}.ext"),
                $"basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage={usage}\nsubjectAltName=DNS:localhost\n");
            Ssl("x509", "-req", "-in", P($"{name}.csr"), "-CA", P("ca-cert.pem"), "-CAkey", P("ca-key.pem"), "-CAcreateserial", "-out", P($"{name}.crt"),
                "-days", "30", "-extfile", P($"{name}.ext"));
        }

        foreach (var sub in new[] { "srv", "enc", "cli", "enccli" })
        {
            File.Copy(P("ca-cert.pem"), P($"{sub}/ca-cert.pem"));
        }

        File.Copy(P("srv.crt"), P("srv/server-cert.pem"));
        File.Copy(P("srv.key"), P("srv/server-key.pem"));
        File.Copy(P("srv.crt"), P("enc/server-cert.pem"));
        Ssl("pkcs8", "-topk8", "-in", P("srv.key"), "-out", P("enc/server-key.pem"), "-v2", "aes-256-cbc", "-passout", $"pass:{password}");
        File.Copy(P("cli.crt"), P("enccli/client-cert.pem"));
        Ssl("pkcs8", "-topk8", "-in", P("cli.key"), "-out", P("enccli/client-key.pem"), "-v2", "aes-256-cbc", "-passout", $"pass:{password}");
        return d;
    }
}
