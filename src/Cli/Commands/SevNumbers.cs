using System.Globalization;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// Numbers as users paste them from query-sev (decimal: "api-minor": 24) or from sev-tool and QEMU
/// lines (hex with 0x: policy=0x33). A bare number is decimal: sev-tool's hex without 0x would be
/// ambiguous ("10"), so hex digits without 0x are refused with the fix.
/// </summary>
internal static class SevNumbers
{
    public static uint Parse(string text, string option, uint max = uint.MaxValue)
    {
        var t = text.Trim();
        ulong value;
        var ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && t.Length > 2
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
        {
            var looksHex = t.Length > 0 && t.All(Uri.IsHexDigit);
            throw new UsageException($"{option} '{text}' is not a number",
                looksHex ? $"hex needs 0x: {option} 0x{t} (a bare number is decimal, as query-sev prints it)" : $"write it in decimal (24) or hex with 0x (0x18)");
        }

        if (value > max)
        {
            throw new UsageException($"{option} {text} is out of range (0..{max})");
        }

        return (uint)value;
    }

    public static byte Byte(string text, string option) => (byte)Parse(text, option, byte.MaxValue);

    /// <summary>A 64-bit guest address or similar (decimal or 0x hex).</summary>
    public static ulong Parse64(string text, string option)
    {
        var t = text.Trim();
        var ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && t.Length > 2
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? value : throw new UsageException($"{option} '{text}' is not a number", "write it in decimal or hex with 0x");
    }

    /// <summary>
    /// Fixed-length bytes given as hex (what sev-tool prints) or base64 (what QEMU and sevctl print),
    /// told apart by length: <paramref name="length"/> bytes are 2×length hex digits.
    /// </summary>
    public static byte[] Bytes(string text, string option, int length)
    {
        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }

        if (t.Length == 2 * length && t.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(t);
        }

        var buffer = new byte[t.Length];
        if (Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == length)
        {
            return buffer[..written];
        }

        throw new UsageException($"{option} must be {length} bytes, as {2 * length} hex digits or base64",
            written > 0 || t.Length > 0 ? $"got {(t.All(Uri.IsHexDigit) ? $"{t.Length} hex digits" : $"{t.Length} characters")}" : null);
    }
}
