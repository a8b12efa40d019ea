using System.Security.Cryptography;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// AES-XTS (IEEE 1619-2007): the key is key1 || key2 (32 bytes for AES-128, 64 for AES-256; OpenSSL
/// has no AES-192-XTS, nor has QEMU), the 16-byte IV is the tweak i. Data units of at least one block;
/// a partial last block uses ciphertext stealing, as OpenSSL does. Built on ECB calls of
/// <see cref="AesKey"/>; the tweak is multiplied by x in GF(2^128), little-endian, per block.
/// </summary>
public sealed class AesXts : IDisposable
{
    private readonly AesKey _data;
    private readonly AesKey _tweak;

    public AesXts(ReadOnlySpan<byte> key)
    {
        if (!IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES-XTS needs a 32 or 64-byte key", nameof(key));
        }

        var half = key.Length / 2;
        _data = AesKey.Create(key[..half]);
        _tweak = AesKey.Create(key[half..]);
    }

    public static bool IsValidKeyLength(int length) => length is 32 or 64;

    public void Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        Span<byte> t = stackalloc byte[16];
        Span<byte> block = stackalloc byte[16];
        _tweak.EncryptEcb(iv[..16], t);
        var full = src.Length / 16;
        var partial = src.Length % 16;

        // With stealing, the last full block is handled together with the partial one.
        var plain = partial == 0 ? full : full - 1;
        for (var i = 0; i < plain; i++)
        {
            Block(encrypt, t, src.Slice(16 * i, 16), dst.Slice(16 * i, 16), block);
            MultiplyByX(t);
        }

        if (partial != 0)
        {
            var lastFull = 16 * plain;
            Span<byte> t2 = stackalloc byte[16];
            t.CopyTo(t2);
            MultiplyByX(t2);
            Span<byte> cc = stackalloc byte[16];
            Span<byte> pp = stackalloc byte[16];

            // Encrypt: CC = E(P_{m-1}) with T_{m-1}; C_m = first bytes of CC; C_{m-1} = E(P_m || tail of CC) with T_m.
            // Decrypt swaps the tweaks: PP = D(C_{m-1}) with T_m; P_m = head of PP; P_{m-1} = D(C_m || tail of PP) with T_{m-1}.
            Block(encrypt, encrypt ? t : t2, src.Slice(lastFull, 16), cc, block);
            src.Slice(lastFull + 16, partial).CopyTo(pp);
            cc[partial..].CopyTo(pp[partial..]);
            var tail = cc[..partial];
            Block(encrypt, encrypt ? t2 : t, pp, block, block);
            tail.CopyTo(dst.Slice(lastFull + 16, partial));
            block.CopyTo(dst.Slice(lastFull, 16));
            CryptographicOperations.ZeroMemory(cc);
            CryptographicOperations.ZeroMemory(pp);
        }

        CryptographicOperations.ZeroMemory(block);
    }

    public void Dispose()
    {
        _data.Dispose();
        _tweak.Dispose();
    }

    private void Block(bool encrypt, ReadOnlySpan<byte> t, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch)
    {
        for (var i = 0; i < 16; i++)
        {
            scratch[i] = (byte)(input[i] ^ t[i]);
        }

        if (encrypt)
        {
            _data.EncryptEcb(scratch, scratch);
        }
        else
        {
            _data.DecryptEcb(scratch, scratch);
        }

        for (var i = 0; i < 16; i++)
        {
            output[i] = (byte)(scratch[i] ^ t[i]);
        }
    }

    private static void MultiplyByX(Span<byte> t)
    {
        var carry = 0;
        for (var i = 0; i < 16; i++)
        {
            var next = t[i] >> 7;
            t[i] = (byte)((t[i] << 1) | carry);
            carry = next;
        }

        if (carry != 0)
        {
            t[0] ^= 0x87;
        }
    }
}
