using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Qcrypto.Errors;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// One explanation: an error message (as a pattern) or a code, what it means, its likely causes, and the fix.
/// <see cref="Source"/> says whose message it is: qemu, gnutls, libvirt, or check (a certdir check finding).
/// </summary>
public sealed record ExplainEntry(string Id, string Source, string Title, string? Pattern, IReadOnlyList<Advice> Causes, Advice Fix)
{
    /// <summary>The stable code this message is reported with (QEMU errors: qcrypto's code; GnuTLS: the GNUTLS_E_ name).</summary>
    public string? Code { get; init; }
}

/// <summary>
/// The table behind <c>qcrypto explain</c> and the checker's hints: QEMU 7.2's TLS and secret messages, GnuTLS's
/// error texts (read from the installed GnuTLS, so they match it exactly), libvirt's wrappers around them, and
/// every <see cref="CheckRules">certdir check</see> code.
/// </summary>
public static partial class ExplainTable
{
    private static readonly Lazy<IReadOnlyList<ExplainEntry>> s_all = new(Build);

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<ExplainEntry> All => s_all.Value;

    /// <summary>
    /// The entries for <paramref name="text"/>: a finding or error code, a GnuTLS error number or name, a
    /// verification status (0x142), or any pasted message (every entry whose pattern occurs in it, most specific first).
    /// </summary>
    public static IReadOnlyList<ExplainEntry> Lookup(string text)
    {
        var t = text.Trim();
        if (t.Length == 0)
        {
            return [];
        }

        var byCode = All.Where(e => string.Equals(e.Id, t, StringComparison.OrdinalIgnoreCase) || string.Equals(e.Code, t, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byCode.Count > 0)
        {
            return byCode;
        }

        if (int.TryParse(t.TrimStart('(').TrimEnd(')'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number < 0)
        {
            var gnutls = All.Where(e => e.Id == $"gnutls{number}").ToList();
            return gnutls.Count > 0 ? gnutls : [UnknownGnuTlsError(number)];
        }

        if (StatusPattern().Match(t) is { Success: true } status)
        {
            return [VerificationStatus(uint.Parse(status.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
        }

        var matches = new List<(ExplainEntry Entry, int Length)>();
        foreach (var entry in All)
        {
            if (entry.Pattern is null)
            {
                continue;
            }

            var m = Regex.Match(t, entry.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (m.Success)
            {
                matches.Add((entry, m.Length));
            }
        }

        // Numbers in a pasted message, "(-64)", name GnuTLS errors too.
        foreach (Match m in GnuTlsNumberPattern().Matches(t))
        {
            var id = $"gnutls{m.Groups[1].Value}";
            if (All.FirstOrDefault(e => e.Id == id) is { } e && matches.All(x => x.Entry != e))
            {
                matches.Add((e, 1));
            }
        }

        return matches.OrderByDescending(x => x.Length).Select(x => x.Entry).ToList();
    }

    /// <summary>The fix for a QEMU error message, or null.</summary>
    public static Advice? FixFor(string qemuMessage) => Lookup(qemuMessage).FirstOrDefault(e => e.Source == "qemu")?.Fix;

    /// <summary>The names of the GnuTLS verification status bits set in <paramref name="status"/>.</summary>
    public static IReadOnlyList<string> StatusFlagNames(uint status)
    {
        string[] names =
        [
            "", "INVALID", "", "", "", "REVOKED", "SIGNER_NOT_FOUND", "SIGNER_NOT_CA", "INSECURE_ALGORITHM", "NOT_ACTIVATED", "EXPIRED",
            "SIGNATURE_FAILURE", "REVOCATION_DATA_SUPERSEDED", "", "UNEXPECTED_OWNER", "REVOCATION_DATA_ISSUED_IN_FUTURE", "SIGNER_CONSTRAINTS_FAILURE",
            "MISMATCH", "PURPOSE_MISMATCH", "MISSING_OCSP_STATUS", "INVALID_OCSP_STATUS", "UNKNOWN_CRIT_EXTENSIONS",
        ];
        var set = new List<string>();
        for (var bit = 0; bit < 32; bit++)
        {
            if ((status & (1u << bit)) != 0)
            {
                set.Add(bit < names.Length && names[bit].Length > 0 ? $"GNUTLS_CERT_{names[bit]}" : $"bit {bit}");
            }
        }

        return set;
    }

    private static ExplainEntry VerificationStatus(uint status)
    {
        GnuTlsLibrary.EnsureInitialized();
        var flags = StatusFlagNames(status);
        return new ExplainEntry($"0x{status:x}", "gnutls", $"certificate verification status 0x{status:x} = {string.Join(" | ", flags)}", null,
            [X509Cert.DescribeStatus(status), "QEMU prints one line for it: \"" + VerifyStatus.Reason(status) + "\""],
            new Advice("check the chain: {0} (or certtool --verify --load-ca-certificate ca-cert.pem --infile CERT)", CertDirActions.CheckAnyEndpoint));
    }

    private static ExplainEntry UnknownGnuTlsError(int code)
    {
        GnuTlsLibrary.EnsureInitialized();
        var name = Interop.GnuTls.ErrorName(code) ?? "unknown";
        return new ExplainEntry($"gnutls{code}", "gnutls", $"{name}: {Interop.GnuTls.StrError(code)}", null,
            ["GnuTLS error " + code.ToString(CultureInfo.InvariantCulture) + "; qcrypto has no specific advice for it"],
            "see https://gnutls.org/manual/html_node/Error-codes.html") { Code = name };
    }

    [GeneratedRegex(@"^(?:status\s*)?0x([0-9a-fA-F]{1,8})$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"\((-\d{1,3})\)")]
    private static partial Regex GnuTlsNumberPattern();
}
