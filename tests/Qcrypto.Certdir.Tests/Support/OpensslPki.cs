namespace Qcrypto.Certdir.Tests.Support;

/// <summary>
/// Certificate directories made by the openssl command line with keys testcerts does not make (DSA, RSA under 1024
/// bits, small curves, brainpool, secp256k1, Ed448, ...): one CA per instance, leaves for a server or a client.
/// </summary>
public sealed class OpensslPki
{
    private const string DhParams = """
        -----BEGIN DH PARAMETERS-----
        MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
        +8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
        87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
        YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
        7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
        ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
        -----END DH PARAMETERS-----
        """;

    private readonly string _root;

    /// <summary>A CA in <paramref name="root"/>/ca with a key made by `openssl genpkey <paramref name="caKey"/>`.</summary>
    public OpensslPki(string root, params string[] caKey)
    {
        _root = root;
        var ca = Directory.CreateDirectory(Path.Combine(root, "ca")).FullName;
        CaKey = Path.Combine(ca, "ca-key.pem");
        CaCert = Path.Combine(ca, "ca-cert.pem");
        GenKey(CaKey, caKey.Length > 0 ? caKey : ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);
        Openssl("req", "-x509", "-key", CaKey, "-out", CaCert, "-subj", "/CN=openssl test CA", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    public string CaKey { get; }

    public string CaCert { get; }

    /// <summary>A server directory (localhost, 127.0.0.1; fixed DH parameters) whose key `openssl genpkey` makes from <paramref name="key"/>.</summary>
    public string Server(string name, params string[] key) => Leaf(name, "server", key,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");

    /// <summary>A client directory whose key `openssl genpkey` makes from <paramref name="key"/>.</summary>
    public string Client(string name, params string[] key) => Leaf(name, "client", key,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");

    /// <summary>A key file made by `openssl genpkey` (["DSA"]: a DSA 2048 key, parameters first), in the PEM openssl writes.</summary>
    public static void GenKey(string path, params string[] args)
    {
        if (args is ["DSA"])
        {
            var parameters = path + ".params";
            Openssl("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", parameters);
            args = ["-paramfile", parameters];
        }

        Openssl(["genpkey", .. args, "-out", path]);
        File.Delete(path + ".params");
    }

    public static void Openssl(params string[] args)
    {
        var r = Tools.Run(Tools.Require("openssl", "openssl"), args);
        Assert.True(r.ExitCode == 0, $"openssl {string.Join(' ', args)}: {r.Stderr}");
    }

    private string Leaf(string name, string endpoint, string[] key, string extensions)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        var keyFile = Path.Combine(dir, $"{endpoint}-key.pem");
        GenKey(keyFile, key);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var csr = Path.Combine(_root, name + ".csr");
        var ext = Path.Combine(_root, name + ".ext");
        File.WriteAllText(ext, extensions);
        Openssl("req", "-new", "-key", keyFile, "-subj", endpoint == "server" ? "/CN=localhost" : "/CN=client1", "-out", csr);
        Openssl("x509", "-req", "-in", csr, "-CA", CaCert, "-CAkey", CaKey, "-out", Path.Combine(dir, $"{endpoint}-cert.pem"), "-days", "30", "-extfile", ext);
        File.Copy(CaCert, Path.Combine(dir, "ca-cert.pem"));
        if (endpoint == "server")
        {
            File.WriteAllText(Path.Combine(dir, "dh-params.pem"), DhParams + "\n");
        }

        return dir;
    }
}
