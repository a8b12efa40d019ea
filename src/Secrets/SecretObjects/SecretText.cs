using System.Buffers;
using System.Text.Unicode;

namespace Qcrypto.SecretObjects;

/// <summary>
/// Whether a secret ending in a newline is text that got one by mistake (<c>echo pw &gt; file</c>), as opposed
/// to binary (a raw 32-byte key) whose last byte happens to be 0x0a: one random key in 256 ends that way,
/// and warning about it would be noise.
/// </summary>
public static class SecretText
{
    // C0 controls other than tab, LF and CR, and DEL: text typed or echoed has none of them.
    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>True when <paramref name="data"/> ends with '\n' and is text: valid UTF-8 without control bytes.</summary>
    public static bool EndsWithTextNewline(ReadOnlySpan<byte> data) =>
        data.Length > 0 && data[^1] == (byte)'\n' && Utf8.IsValid(data) && data.IndexOfAny(Controls) < 0;
}
