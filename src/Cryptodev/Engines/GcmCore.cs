using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Qcrypto.Crypto;

namespace Qcrypto.Cryptodev.Engines;

/// <summary>
/// AES-GCM on AES-NI and PCLMULQDQ, for what OpenSSL's AesGcm in .NET cannot take: a 16-byte
/// "IV" that virtio-crypto defines as J0 itself, and tags shorter than 12 bytes (SP 800-38D allows
/// 4 and 8). Also GMAC (no plaintext). Thread-safe: the key is immutable and state lives on the stack.
/// </summary>
internal sealed class GcmCore(AesNiKey key) : IDisposable
{
    public static bool IsSupported => AesNiKey.IsSupported && Ghash.IsSupported;

    /// <summary>The IV is 12 bytes (J0 = IV || 0^31 || 1) or 16 bytes (J0 itself).</summary>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        Span<byte> j0 = stackalloc byte[16];
        Span<byte> counter = stackalloc byte[16];
        MakeJ0(iv, j0);
        j0.CopyTo(counter);
        BinaryPrimitives.WriteUInt32BigEndian(counter[12..], BinaryPrimitives.ReadUInt32BigEndian(j0[12..]) + 1);
        key.Ctr(counter, plaintext, ciphertext, counter32: true);
        Tag(j0, aad, ciphertext[..plaintext.Length], tag);
    }

    /// <summary>False (and <paramref name="plaintext"/> cleared) when the tag does not match.</summary>
    public bool Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        Span<byte> j0 = stackalloc byte[16];
        Span<byte> counter = stackalloc byte[16];
        Span<byte> expected = stackalloc byte[16];
        MakeJ0(iv, j0);
        Tag(j0, aad, ciphertext, expected[..tag.Length]);
        if (!ConstantTime.Equals(expected[..tag.Length], tag))
        {
            return false;
        }

        j0.CopyTo(counter);
        BinaryPrimitives.WriteUInt32BigEndian(counter[12..], BinaryPrimitives.ReadUInt32BigEndian(j0[12..]) + 1);
        key.Ctr(counter, ciphertext, plaintext, counter32: true);
        return true;
    }

    public void Dispose() => key.Dispose();

    private static void MakeJ0(ReadOnlySpan<byte> iv, Span<byte> j0)
    {
        if (iv.Length == 16)
        {
            iv.CopyTo(j0);
            return;
        }

        iv.CopyTo(j0);
        BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
    }

    private void Tag(ReadOnlySpan<byte> j0, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var ghash = new Ghash(key.EncryptBlock(Vector128<byte>.Zero));
        ghash.Update(aad);
        ghash.Update(ciphertext);
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aad.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)ciphertext.Length * 8);
        ghash.Block(Vector128.Create((ReadOnlySpan<byte>)lengths));
        Span<byte> full = stackalloc byte[16];
        (ghash.Value ^ key.EncryptBlock(Vector128.Create(j0))).CopyTo(full);
        full[..tag.Length].CopyTo(tag);
        CryptographicOperations.ZeroMemory(full);
    }
}
