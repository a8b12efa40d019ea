using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Qcrypto.Sev.Crypto;

/// <summary>
/// The SEV key derivation (AMD pub. 55766 §2.2.3): NIST SP 800-108 in counter mode with HMAC-SHA-256,
/// block i = HMAC(key, i ‖ label ‖ 0x00 ‖ context ‖ L), where the counter i and the output length L
/// in bits are 32-bit <b>little-endian</b> (AMD's convention, unlike most SP 800-108 code).
/// </summary>
public static class SevKdf
{
    public const string MasterSecretLabel = "sev-master-secret";
    public const string KekLabel = "sev-kek";
    public const string KikLabel = "sev-kik";

    /// <summary>Fills <paramref name="output"/> with key material derived from <paramref name="key"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> key, string label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfZero(output.Length);
        var labelLength = System.Text.Encoding.ASCII.GetByteCount(label);
        var inputLength = 4 + labelLength + 1 + context.Length + 4;
        Span<byte> input = inputLength <= 256 ? stackalloc byte[inputLength] : new byte[inputLength];
        System.Text.Encoding.ASCII.GetBytes(label, input[4..]);
        input[4 + labelLength] = 0;
        context.CopyTo(input[(5 + labelLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(input[^4..], checked((uint)output.Length * 8));

        Span<byte> block = stackalloc byte[HMACSHA256.HashSizeInBytes];
        for (uint i = 1, done = 0; done < output.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(input, i);
            HMACSHA256.HashData(key, input, block);
            var take = Math.Min(block.Length, output.Length - (int)done);
            block[..take].CopyTo(output[(int)done..]);
            done += (uint)take;
        }

        CryptographicOperations.ZeroMemory(block);
    }
}
