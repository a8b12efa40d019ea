using System.Text;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>Random test secrets of an exact byte length; the seed is reported so a failure can be replayed.</summary>
public static class Payload
{
    public static byte[] Create(PayloadKind kind, int length, int seed)
    {
        var random = new Random(seed);
        return kind switch
        {
            PayloadKind.Binary => Bytes(random, length, 0, 256),
            PayloadKind.Control => Bytes(random, length, 1, 128),
            PayloadKind.Utf8 => Utf8(random, length),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] Bytes(Random random, int length, int min, int maxExclusive)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.Next(min, maxExclusive);
        }

        return bytes;
    }

    /// <summary>Random scalar values of every UTF-8 length, chosen to fill exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Utf8(Random random, int length)
    {
        var result = new byte[length];
        Span<byte> encoded = stackalloc byte[4];
        var written = 0;
        while (written < length)
        {
            var size = random.Next(1, Math.Min(4, length - written) + 1);
            var rune = size switch
            {
                1 => new Rune(random.Next(0x20, 0x7F)),
                2 => new Rune(random.Next(0x80, 0x800)),
                3 => RandomThreeByteRune(random),
                _ => new Rune(random.Next(0x10000, 0x110000)),
            };
            var n = rune.EncodeToUtf8(encoded);
            encoded[..n].CopyTo(result.AsSpan(written));
            written += n;
        }

        return result;
    }

    private static Rune RandomThreeByteRune(Random random)
    {
        while (true)
        {
            var value = random.Next(0x800, 0x10000);
            if (Rune.IsValid(value))
            {
                return new Rune(value);
            }
        }
    }
}
