using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// FIPS-197 KeyExpansion on 32-bit words, with AESKEYGENASSIST doing SubWord, so one routine serves
/// all three key sizes; then the decryption schedule of the equivalent inverse cipher (FIPS-197
/// 5.3.5: the middle round keys through InvMixColumns).
/// </summary>
internal static class AesNiKeySchedule
{
    /// <summary>
    /// Writes Nr+1 encryption round keys, then Nr+1 decryption round keys, into
    /// <paramref name="keys"/> (2 * (Nr + 1) vectors). Little-endian loads keep the key's byte
    /// order in each vector lane.
    /// </summary>
    public static void Expand(ReadOnlySpan<byte> key, int nk, int rounds, Span<Vector128<byte>> keys)
    {
        var total = 4 * (rounds + 1);
        Span<uint> w = stackalloc uint[60];
        for (var i = 0; i < nk; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        uint rcon = 1;
        for (var i = nk; i < total; i++)
        {
            var temp = w[i - 1];
            if (i % nk == 0)
            {
                temp = BitOperations.RotateRight(SubWord(temp), 8) ^ rcon;
                rcon = rcon << 1 ^ ((rcon & 0x80) != 0 ? 0x11bu : 0u);
            }
            else if (nk > 6 && i % nk == 4)
            {
                temp = SubWord(temp);
            }

            w[i] = w[i - nk] ^ temp;
        }

        for (var r = 0; r <= rounds; r++)
        {
            keys[r] = Vector128.Create(w[4 * r], w[(4 * r) + 1], w[(4 * r) + 2], w[(4 * r) + 3]).AsByte();
        }

        keys[rounds + 1] = keys[rounds];
        for (var r = 1; r < rounds; r++)
        {
            keys[rounds + 1 + r] = X86Aes.InverseMixColumns(keys[rounds - r]);
        }

        keys[(2 * rounds) + 1] = keys[0];
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(w));
    }

    /// <summary>
    /// SubWord is AESKEYGENASSIST's lane 0 for the word placed in lane 1, which keeps the S-box
    /// constant-time; RotWord on a little-endian word is a right rotation by 8 bits (done by the caller).
    /// </summary>
    private static uint SubWord(uint word) =>
        X86Aes.KeygenAssist(Vector128.Create(0u, word, 0u, 0u).AsByte(), 0).AsUInt32().ToScalar();
}
