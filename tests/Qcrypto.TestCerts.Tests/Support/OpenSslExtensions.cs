namespace Qcrypto.TestCerts.Tests.Support;

/// <summary>
/// Reads certificate extensions the way `openssl x509 -noout -ext basicConstraints,keyUsage,extendedKeyUsage,subjectAltName`
/// prints them, into a compact form: "-" for absent, a leading "!" for critical, then OpenSSL's value text
/// (e.g. "!CA:TRUE", "Digital Signature, Certificate Sign").
/// </summary>
public sealed record OpenSslExtensions(string BasicConstraints, string KeyUsage, string ExtendedKeyUsage, string SubjectAltName)
{
    private static readonly Dictionary<string, string> s_headers = new()
    {
        ["X509v3 Basic Constraints"] = "bc",
        ["X509v3 Key Usage"] = "ku",
        ["X509v3 Extended Key Usage"] = "eku",
        ["X509v3 Subject Alternative Name"] = "san",
    };

    public static OpenSslExtensions Read(string certPath)
    {
        var result = ExternalTool.Run("openssl", "x509", "-in", certPath, "-noout", "-ext",
            "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName").ShouldSucceed();
        var found = new Dictionary<string, string>();
        string? current = null;
        foreach (var line in result.Stdout.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                var colon = line.IndexOf(':');
                var header = line[..colon];
                current = s_headers.TryGetValue(header, out var key) ? key : throw new InvalidDataException($"unexpected line: {line}");
                found[current] = line[(colon + 1)..].Trim() == "critical" ? "!" : "";
            }
            else if (current is not null)
            {
                // OpenSSL 3.0 prints a keyUsage with no bit set as "..."; show it as nothing after the critical mark.
                var value = line.Trim();
                found[current] += value == "..." ? "" : value;
            }
        }

        return new OpenSslExtensions(
            found.GetValueOrDefault("bc", "-"),
            found.GetValueOrDefault("ku", "-"),
            found.GetValueOrDefault("eku", "-"),
            found.GetValueOrDefault("san", "-"));
    }
}
