using System.Text;

namespace Qcrypto.TestCerts;

/// <summary>RFC 7468 PEM armour, written the way GnuTLS and OpenSSL write it (64 columns, LF endings).</summary>
internal static class Pem
{
    public static string Encode(string label, ReadOnlySpan<byte> der)
    {
        var base64 = Convert.ToBase64String(der);
        var text = new StringBuilder(base64.Length + (base64.Length / 64) + 64);
        text.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        text.Append("-----END ").Append(label).Append("-----\n");
        return text.ToString();
    }
}
