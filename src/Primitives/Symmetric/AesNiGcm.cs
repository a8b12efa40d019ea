using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// AES-GCM (NIST SP 800-38D) on AES-NI and PCLMULQDQ, for what a libcrypto context cannot take or
/// does slower: a 16-byte "IV" that virtio-crypto defines as J0 itself, tags of 4 and 8 bytes
/// (SP 800-38D allows them; .NET's AesGcm does not), GMAC (no plaintext), and small messages,
/// where a native call costs more than the arithmetic. Thread-safe: the key is immutable and state
/// lives on the stack.
/// </summary>
public sealed class AesNiGcm : IDisposable
{
    private readonly AesNiKey _key;

    /// <summary>Expands <paramref name="key"/> (16, 24 or 32 bytes).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesNiGcm(ReadOnlySpan<byte> key)
    {
        _key = new AesNiKey(key);
    }

    /// <summary>True when the CPU has AES-NI and PCLMULQDQ.</summary>
    public static bool IsSupported => AesNiKey.IsSupported && Ghash.IsSupported;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length, may
    /// alias it exactly) and writes the first <c>tag.Length</c> (1..16) bytes of the tag.
    /// </summary>
    /// <param name="iv">12 bytes (J0 = IV || 0^31 || 1) or 16 bytes (J0 itself).</param>
    /// <param name="aad">Additional authenticated data, any length.</param>
    /// <param name="plaintext">The message, any length (empty for GMAC).</param>
    /// <param name="ciphertext">Room for the ciphertext.</param>
    /// <param name="tag">Receives the tag, truncated to its length.</param>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        Span<byte> j0 = stackalloc byte[16];
        Span<byte> counter = stackalloc byte[16];
        MakeJ0(iv, j0);
        Inc32(j0, counter);
        _key.Gctr(counter, plaintext, ciphertext);
        Tag(j0, aad, ciphertext[..plaintext.Length], tag);
    }

    /// <summary>
    /// Checks the tag first and only then decrypts: false, with <paramref name="plaintext"/> untouched,
    /// when it does not match.
    /// </summary>
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

        Inc32(j0, counter);
        _key.Gctr(counter, ciphertext, plaintext);
        return true;
    }

    /// <summary>Zeroes the round keys.</summary>
    public void Dispose() => _key.Dispose();

    private static void MakeJ0(ReadOnlySpan<byte> iv, Span<byte> j0)
    {
        if (iv.Length == 16)
        {
            iv.CopyTo(j0);
            return;
        }

        if (iv.Length != 12)
        {
            throw new ArgumentException("GCM takes a 12-byte IV or a 16-byte J0", nameof(iv));
        }

        iv.CopyTo(j0);
        BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
    }

    private static void Inc32(ReadOnlySpan<byte> j0, Span<byte> counter)
    {
        j0.CopyTo(counter);
        BinaryPrimitives.WriteUInt32BigEndian(counter[12..], BinaryPrimitives.ReadUInt32BigEndian(j0[12..]) + 1);
    }

    private void Tag(ReadOnlySpan<byte> j0, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var ghash = new Ghash(_key.EncryptBlock(Vector128<byte>.Zero));
        ghash.Update(aad);
        ghash.Update(ciphertext);
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aad.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)ciphertext.Length * 8);
        ghash.Block(Vector128.Create((ReadOnlySpan<byte>)lengths));
        Span<byte> full = stackalloc byte[16];
        (ghash.Value ^ _key.EncryptBlock(Vector128.Create(j0))).CopyTo(full);
        full[..tag.Length].CopyTo(tag);
        CryptographicOperations.ZeroMemory(full);
    }
}
