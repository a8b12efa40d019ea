using System.Security.Cryptography;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// CMAC-AES (NIST SP 800-38B, RFC 4493): CBC-MAC with the last block masked by K1 (complete) or
/// K2 (padded 10*). .NET has no CMAC; this is a few lines over <see cref="AesKey"/>, with no per-call
/// set-up, which is what makes it faster than libcrypto's EVP_MAC for short messages (see
/// Qcrypto.Primitives.Engines.AesCmacEngine). Thread-safe (state on the stack); the subkeys live in
/// pinned arrays zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class AesCmac : IDisposable
{
    private readonly AesKey _key;
    private readonly byte[] _k1 = GC.AllocateArray<byte>(16, pinned: true);
    private readonly byte[] _k2 = GC.AllocateArray<byte>(16, pinned: true);

    /// <summary>Expands <paramref name="key"/> (16, 24 or 32 bytes) and derives the subkeys K1 and K2.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesCmac(ReadOnlySpan<byte> key)
    {
        _key = AesKey.Create(key);
        Span<byte> l = stackalloc byte[16];
        l.Clear();
        _key.EncryptEcb(l, l);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>Writes the first <c>tag.Length</c> (1..16) bytes of the MAC of <paramref name="message"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        Span<byte> x = stackalloc byte[16];
        x.Clear();
        var blocks = Math.Max(1, (message.Length + 15) / 16);
        for (var i = 0; i < blocks - 1; i++)
        {
            Xor(x, message.Slice(16 * i, 16));
            _key.EncryptEcb(x, x);
        }

        var last = message[(16 * (blocks - 1))..];
        if (last.Length == 16)
        {
            Xor(x, last);
            Xor(x, _k1);
        }
        else
        {
            Xor(x[..last.Length], last);
            x[last.Length] ^= 0x80;
            Xor(x, _k2);
        }

        _key.EncryptEcb(x, x);
        x[..tag.Length].CopyTo(tag);
        CryptographicOperations.ZeroMemory(x);
    }

    /// <summary>Zeroes the round keys and subkeys.</summary>
    public void Dispose()
    {
        _key.Dispose();
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
    }

    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var msb = input[0] >> 7;
        for (var i = 0; i < 15; i++)
        {
            output[i] = (byte)((input[i] << 1) | (input[i + 1] >> 7));
        }

        output[15] = (byte)((input[15] << 1) ^ (msb * 0x87));
    }

    private static void Xor(Span<byte> x, ReadOnlySpan<byte> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] ^= y[i];
        }
    }
}
