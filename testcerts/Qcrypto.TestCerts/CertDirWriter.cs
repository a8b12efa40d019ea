using System.Text;

namespace Qcrypto.TestCerts;

/// <summary>
/// Assembles a QEMU TLS credentials directory (the dir= of tls-creds-x509 / tls-creds-psk) and writes it.
/// Typed methods cover the normal files; <see cref="File(string, byte[], UnixFileMode?)"/> overrides any file
/// with arbitrary bytes for broken-directory cases. Secret files (keys, keys.psk) get
/// <see cref="SecretFileMode"/>, everything else <see cref="PublicFileMode"/>, unless a mode is given per file.
/// </summary>
public sealed class CertDirWriter
{
    private readonly List<(string Name, byte[] Content, UnixFileMode? Mode)> _files = [];

    /// <summary>Mode of key files and keys.psk unless overridden: 0600, as a careful admin sets it.</summary>
    public UnixFileMode SecretFileMode { get; set; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode of certificates, CRL and DH parameters unless overridden: 0644.</summary>
    public UnixFileMode PublicFileMode { get; set; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0644: what <see cref="SecretFileMode"/> becomes for a "world-readable key" case.</summary>
    public static UnixFileMode WorldReadable { get; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>ca-cert.pem: the certificates concatenated in exactly the given order.</summary>
    public CertDirWriter CaCerts(params IEnumerable<IssuedCert> cas) => File(QemuFileNames.CaCert, Concat(cas));

    /// <summary>ca-crl.pem.</summary>
    public CertDirWriter Crl(IssuedCrl crl) => File(QemuFileNames.CaCrl, crl.ToPem());

    /// <summary>
    /// server-cert.pem (the certificate, then <paramref name="chain"/> in the given order) and server-key.pem
    /// (PKCS#8, encrypted when <paramref name="keyPassword"/> is given).
    /// </summary>
    public CertDirWriter Server(IssuedCert cert, IEnumerable<IssuedCert>? chain = null, string? keyPassword = null) =>
        Identity(Endpoint.Server, cert, chain, keyPassword);

    /// <summary>client-cert.pem and client-key.pem; see <see cref="Server"/>.</summary>
    public CertDirWriter Client(IssuedCert cert, IEnumerable<IssuedCert>? chain = null, string? keyPassword = null) =>
        Identity(Endpoint.Client, cert, chain, keyPassword);

    /// <summary>The cert/key pair for <paramref name="endpoint"/>.</summary>
    public CertDirWriter Identity(Endpoint endpoint, IssuedCert cert, IEnumerable<IssuedCert>? chain = null, string? keyPassword = null)
    {
        File(QemuFileNames.CertFor(endpoint), Concat([cert, .. chain ?? []]));
        return File(QemuFileNames.KeyFor(endpoint), keyPassword is null ? cert.KeyToPem() : cert.KeyToEncryptedPem(keyPassword));
    }

    /// <summary>dh-params.pem.</summary>
    public CertDirWriter DhParameters(DhParams dh) => File(QemuFileNames.DhParams, dh.ToPem());

    /// <summary>keys.psk.</summary>
    public CertDirWriter Psk(PskFile psk) => File(QemuFileNames.PskKeys, psk.ToBytes());

    /// <summary>Sets (or replaces) a file with text content.</summary>
    public CertDirWriter File(string name, string content, UnixFileMode? mode = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode);

    /// <summary>Sets (or replaces) a file with exact bytes; <paramref name="mode"/> overrides the default mode.</summary>
    public CertDirWriter File(string name, byte[] content, UnixFileMode? mode = null)
    {
        if (name.Contains('/') || name is "" or "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a plain file name", nameof(name));
        }

        Remove(name);
        _files.Add((name, content.ToArray(), mode));
        return this;
    }

    /// <summary>Changes the mode of a file already added (e.g. a world-readable key).</summary>
    public CertDirWriter Mode(string name, UnixFileMode mode)
    {
        var i = _files.FindIndex(f => f.Name == name);
        if (i < 0)
        {
            throw new InvalidOperationException($"no file '{name}' to change the mode of");
        }

        _files[i] = _files[i] with { Mode = mode };
        return this;
    }

    /// <summary>Leaves a file out (e.g. the "missing server cert" cases).</summary>
    public CertDirWriter Remove(string name)
    {
        _files.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>The files as they will be written, in the order they were added.</summary>
    public IReadOnlyList<CertDirFile> Build() =>
        _files.Select(f => new CertDirFile(f.Name, f.Content.ToArray(), f.Mode ?? DefaultMode(f.Name))).ToArray();

    /// <summary>Writes the files into <paramref name="directory"/> (created 0700 if missing); returns its full path.</summary>
    public string WriteTo(string directory) => WriteFiles(Build(), directory);

    /// <summary>
    /// Writes <paramref name="files"/> into <paramref name="directory"/>, replacing files of the same name and
    /// leaving any others alone. Each file is created 0600 and only then given its final mode, so a key is never
    /// readable by others while being written, and the umask cannot weaken or strengthen the requested mode.
    /// </summary>
    public static string WriteFiles(IEnumerable<CertDirFile> files, string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var file in files)
        {
            var path = Path.Combine(full, file.Name);
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var stream = new FileStream(path, options))
            {
                stream.Write(file.Content);
            }

            System.IO.File.SetUnixFileMode(path, file.Mode);
        }

        return full;
    }

    private UnixFileMode DefaultMode(string name) => QemuFileNames.IsSecret(name) ? SecretFileMode : PublicFileMode;

    private static string Concat(IEnumerable<IssuedCert> certs) => string.Concat(certs.Select(c => c.ToPem()));
}
