using System.Text;

namespace Qcrypto.TestCerts;

/// <summary>Ways to damage a file's bytes for broken-directory cases. All are deterministic.</summary>
public static class Corruptions
{
    /// <summary>
    /// Cuts a PEM text in the middle of its base64 body (on a line boundary), so the END line is missing:
    /// what a copy interrupted half-way leaves behind.
    /// </summary>
    public static byte[] TruncatePem(string pem)
    {
        var lines = pem.Split('\n');
        var keep = Math.Max(2, lines.Length / 2);
        return Encoding.ASCII.GetBytes(string.Join('\n', lines.Take(keep)) + "\n");
    }

    /// <summary>The DER bytes inside the first PEM block of <paramref name="pem"/> (a DER file where PEM belongs).</summary>
    public static byte[] PemToDer(string pem)
    {
        var lines = pem.Split('\n');
        var begin = Array.FindIndex(lines, l => l.StartsWith("-----BEGIN ", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, begin + 1, l => l.StartsWith("-----END ", StringComparison.Ordinal));
        if (begin < 0 || end < 0)
        {
            throw new ArgumentException("no PEM block", nameof(pem));
        }

        return Convert.FromBase64String(string.Concat(lines[(begin + 1)..end]));
    }

    /// <summary><paramref name="length"/> pseudo-random bytes, the same every time for the same seed.</summary>
    public static byte[] Garbage(int length = 512, int seed = 7219)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
