using System.Text;
using System.Text.RegularExpressions;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

internal sealed partial class CertDirCheck
{
    private static readonly string[] CertLabels = ["CERTIFICATE", "X509 CERTIFICATE"];
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];
    private static readonly string[] CrlLabels = ["X509 CRL"];
    private static readonly string[] DhLabels = ["DH PARAMETERS"];

    private static readonly Dictionary<string, string> KnownMisnames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cacert.pem"] = TlsCredsFiles.CaCert, ["ca.pem"] = TlsCredsFiles.CaCert, ["ca.crt"] = TlsCredsFiles.CaCert, ["ca-cert.crt"] = TlsCredsFiles.CaCert,
        ["ca-bundle.pem"] = TlsCredsFiles.CaCert, ["ca.cert"] = TlsCredsFiles.CaCert,
        ["servercert.pem"] = TlsCredsFiles.ServerCert, ["server.pem"] = TlsCredsFiles.ServerCert, ["server.crt"] = TlsCredsFiles.ServerCert,
        ["server-cert.crt"] = TlsCredsFiles.ServerCert, ["cert.pem"] = TlsCredsFiles.ServerCert,
        ["serverkey.pem"] = TlsCredsFiles.ServerKey, ["server.key"] = TlsCredsFiles.ServerKey, ["server-key.key"] = TlsCredsFiles.ServerKey, ["key.pem"] = TlsCredsFiles.ServerKey,
        ["clientcert.pem"] = TlsCredsFiles.ClientCert, ["client.pem"] = TlsCredsFiles.ClientCert, ["client.crt"] = TlsCredsFiles.ClientCert,
        ["clientkey.pem"] = TlsCredsFiles.ClientKey, ["client.key"] = TlsCredsFiles.ClientKey,
        ["crl.pem"] = TlsCredsFiles.CaCrl, ["cacrl.pem"] = TlsCredsFiles.CaCrl, ["ca.crl"] = TlsCredsFiles.CaCrl,
        ["dh.pem"] = TlsCredsFiles.DhParams, ["dhparams.pem"] = TlsCredsFiles.DhParams, ["dh-params.dat"] = TlsCredsFiles.DhParams,
    };

    private enum Shape
    {
        Pem,
        Empty,
        Truncated,
        DerCertificate,
        Binary,
        TextWithoutPem,
    }

    /// <summary>
    /// Reads a file of the directory for our own checks, reporting why it cannot be: null when absent (QEMU decides
    /// whether that matters) or unreadable (a finding says why).
    /// </summary>
    private byte[]? Read(string name)
    {
        var path = PathOf(name);
        var status = FileStatus.Of(path);
        if (status.Errno != 0)
        {
            if (status.Errno == Errno.ENOENT && FileStatus.Of(path, followSymlinks: false).Errno != 0)
            {
                return null;
            }

            var why = status.Errno == Errno.ENOENT ? "a symlink to a file that does not exist" : status.ErrorText;
            Add(CheckRules.FileUnreadable.Finding(name, $"{name} cannot be opened: {why}",
                status.Errno == Errno.ENOENT || status.Errno == Errno.ELOOP ? $"ls -l {Quote(path)} and point the symlink at the real file" : null));
            return null;
        }

        if (status.Kind != FileKind.Regular)
        {
            Add(CheckRules.NotARegularFile.Finding(name, $"{name} is {(status.Kind == FileKind.Directory ? "a directory" : "not a regular file")}, not a PEM file"));
            return null;
        }

        if (status.Size > Objects.GlibFile.MaxLength)
        {
            Add(CheckRules.FileTooLarge.Finding(name, $"{name} is {status.Size >> 20} MiB: no certificate, key or CRL is that large; not examined further"));
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Objects.GlibFile.ReadAll(path);
        }
        catch (Objects.GlibFileException e)
        {
            Add(CheckRules.FileUnreadable.Finding(name, $"{name} cannot be read: {e.Message}"));
            return null;
        }

        if (bytes.Length > LargeFile && name != TlsCredsFiles.CaCrl)
        {
            Add(CheckRules.FileTooLarge.Finding(name, $"{name} is {bytes.Length >> 20} MiB: far larger than any certificate or key (is it the right file?)"));
        }

        return bytes;
    }

    /// <summary>The PEM block labels in <paramref name="bytes"/> (BEGIN lines), and the file's overall shape.</summary>
    private static (Shape Shape, List<string> Labels) Classify(byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return (Shape.Empty, []);
        }

        var text = Encoding.Latin1.GetString(bytes);
        // RFC 7468 labels: printable characters but '-' ("X9.42 DH PARAMETERS" has a dot).
        var begins = Regex.Matches(text, "-----BEGIN ([\\x21-\\x2C\\x2E-\\x7E ]+)-----");
        var ends = Regex.Matches(text, "-----END ([\\x21-\\x2C\\x2E-\\x7E ]+)-----");
        var labels = begins.Select(m => m.Groups[1].Value).ToList();
        if (labels.Count > 0)
        {
            return (ends.Count < begins.Count ? Shape.Truncated : Shape.Pem, labels);
        }

        if (X509Cert.IsDerCertificate(bytes))
        {
            return (Shape.DerCertificate, labels);
        }

        var binary = bytes.Take(4096).Count(b => b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f);
        return (binary > 0 ? Shape.Binary : Shape.TextWithoutPem, labels);
    }

    /// <summary>Reports why a file that GnuTLS could not parse as <paramref name="what"/> is wrong.</summary>
    private void ReportUnparsable(string name, byte[] bytes, string what, string[] wanted, int gnutlsError)
    {
        var (shape, labels) = Classify(bytes);
        var path = Quote(PathOf(name));
        switch (shape)
        {
            case Shape.Empty:
                Add(CheckRules.EmptyFile.Finding(name, $"{name} is empty"));
                break;
            case Shape.Truncated:
                Add(CheckRules.PemTruncated.Finding(name, $"{name} is cut off: its last PEM block ({labels[^1]}) has no -----END line"));
                break;
            case Shape.DerCertificate:
                Add(CheckRules.NotPem.Finding(name, $"{name} holds a DER (binary) certificate; QEMU reads PEM only",
                    $"certtool --certificate-info --inder --infile {path} --outfile {path}.tmp && mv {path}.tmp {path}"));
                break;
            case Shape.Binary:
                Add(CheckRules.NotPem.Finding(name, $"{name} holds binary data, not PEM {what} (GnuTLS: {Interop.GnuTls.StrError(gnutlsError)})",
                    wanted == KeyLabels ? $"if it is a DER key: certtool -k --inder --infile {path} --outfile {path}.tmp && mv {path}.tmp {path}"
                    : wanted == DhLabels ? $"if it is DER DH parameters: openssl dhparam -inform DER -in {path} -out {path}.tmp && mv {path}.tmp {path}" : null));
                break;
            case Shape.TextWithoutPem:
                Add(CheckRules.NotPem.Finding(name, $"{name} holds text without any -----BEGIN line, not PEM {what}"));
                break;
            default:
                if (!labels.Any(l => wanted.Contains(l)))
                {
                    Add(CheckRules.PemWrongContent.Finding(name, $"{name} holds {string.Join(", ", labels.Distinct())}, not {what}"));
                }
                else
                {
                    Add(CheckRules.NotPem.Finding(name, $"{name}: GnuTLS cannot parse it as {what}: {Interop.GnuTls.StrError(gnutlsError)}",
                        "copy the file again from its source: the PEM block is damaged, or holds a kind GnuTLS does not read (certtool -i / certtool -k shows its view)"));
                }

                break;
        }
    }

    /// <summary>The known file a misnamed one probably should have been, or null.</summary>
    private static string? Suggest(string name)
    {
        if (KnownMisnames.TryGetValue(name, out var known))
        {
            return known;
        }

        string[] all = [TlsCredsFiles.CaCert, TlsCredsFiles.CaCrl, TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey, TlsCredsFiles.ClientCert,
            TlsCredsFiles.ClientKey, TlsCredsFiles.DhParams, TlsCredsFiles.PskFile];
        return all.Select(k => (k, d: Distance(name.ToLowerInvariant(), k))).Where(x => x.d <= 2).OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
