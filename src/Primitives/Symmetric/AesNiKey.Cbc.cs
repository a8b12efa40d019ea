using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Qcrypto.Primitives.Symmetric.AesNiRounds;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>CBC on AES-NI: encryption one block after another, decryption four blocks at a time.</summary>
public sealed partial class AesNiKey
{
    /// <inheritdoc/>
    public override void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        CheckCbc(iv, src, dst);
        if (_rounds == 14)
        {
            EncryptCbc256(iv, src, dst);
            return;
        }

        var rk = EncKeys;
        var chain = Load(iv, 0);
        var last = _rounds;
        for (var offset = 0; offset + 16 <= src.Length; offset += 16)
        {
            var x = Sse2.Xor(Sse2.Xor(Load(src, offset), chain), rk[0]);
            for (var r = 1; r < last; r++)
            {
                x = X86Aes.Encrypt(x, rk[r]);
            }

            chain = X86Aes.EncryptLast(x, rk[last]);
            Store(chain, dst, offset);
        }
    }

    /// <inheritdoc/>
    public override void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        CheckCbc(iv, src, dst);
        var dk = DecKeys;
        var chain = Load(iv, 0);
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var c0 = Load(src, offset);
            var c1 = Load(src, offset + 16);
            var c2 = Load(src, offset + 32);
            var c3 = Load(src, offset + 48);
            var b0 = c0;
            var b1 = c1;
            var b2 = c2;
            var b3 = c3;
            Blocks4<AesDecryptDirection>(dk, ref b0, ref b1, ref b2, ref b3);

            // Stores after all loads: dst may be src.
            Store(Sse2.Xor(b0, chain), dst, offset);
            Store(Sse2.Xor(b1, c0), dst, offset + 16);
            Store(Sse2.Xor(b2, c1), dst, offset + 32);
            Store(Sse2.Xor(b3, c2), dst, offset + 48);
            chain = c3;
        }

        for (; offset < src.Length; offset += 16)
        {
            var c = Load(src, offset);
            Store(Sse2.Xor(Block<AesDecryptDirection>(dk, c), chain), dst, offset);
            chain = c;
        }
    }

    /// <summary>
    /// AES-256-CBC encryption with the 15 round keys held in registers: CBC encryption is one long
    /// chain of AESENC latencies, and a loop reloading keys and checking bounds between them doubled
    /// the time of a 64-byte request (measured). The caller has checked the lengths.
    /// </summary>
    private void EncryptCbc256(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        ref var keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        var k0 = keys;
        var k1 = Unsafe.Add(ref keys, 1);
        var k2 = Unsafe.Add(ref keys, 2);
        var k3 = Unsafe.Add(ref keys, 3);
        var k4 = Unsafe.Add(ref keys, 4);
        var k5 = Unsafe.Add(ref keys, 5);
        var k6 = Unsafe.Add(ref keys, 6);
        var k7 = Unsafe.Add(ref keys, 7);
        var k8 = Unsafe.Add(ref keys, 8);
        var k9 = Unsafe.Add(ref keys, 9);
        var k10 = Unsafe.Add(ref keys, 10);
        var k11 = Unsafe.Add(ref keys, 11);
        var k12 = Unsafe.Add(ref keys, 12);
        var k13 = Unsafe.Add(ref keys, 13);
        var k14 = Unsafe.Add(ref keys, 14);
        ref var input = ref MemoryMarshal.GetReference(src);
        ref var output = ref MemoryMarshal.GetReference(dst);
        var chain = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(iv));
        var blocks = (nuint)(src.Length / 16);
        for (nuint i = 0; i < blocks; i++)
        {
            var x = Sse2.Xor(Sse2.Xor(Vector128.LoadUnsafe(ref input, 16 * i), chain), k0);
            x = X86Aes.Encrypt(x, k1);
            x = X86Aes.Encrypt(x, k2);
            x = X86Aes.Encrypt(x, k3);
            x = X86Aes.Encrypt(x, k4);
            x = X86Aes.Encrypt(x, k5);
            x = X86Aes.Encrypt(x, k6);
            x = X86Aes.Encrypt(x, k7);
            x = X86Aes.Encrypt(x, k8);
            x = X86Aes.Encrypt(x, k9);
            x = X86Aes.Encrypt(x, k10);
            x = X86Aes.Encrypt(x, k11);
            x = X86Aes.Encrypt(x, k12);
            x = X86Aes.Encrypt(x, k13);
            chain = X86Aes.EncryptLast(x, k14);
            chain.StoreUnsafe(ref output, 16 * i);
        }
    }
}
