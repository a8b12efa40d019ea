using System.Buffers.Binary;
using System.Security.Cryptography;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Owner;

/// <summary>
/// A launch secret packet as sev-inject-launch-secret takes it: the 52-byte header (FLAGS, IV, MAC)
/// and the encrypted secret. Neither is key material; the plaintext never leaves the builder.
/// </summary>
public sealed record SecretPacket(byte[] Header, byte[] Ciphertext)
{
    /// <summary>QMP's packet-header.</summary>
    public string HeaderBase64 => Convert.ToBase64String(Header);

    /// <summary>QMP's secret.</summary>
    public string SecretBase64 => Convert.ToBase64String(Ciphertext);

    public uint Flags => BinaryPrimitives.ReadUInt32LittleEndian(Header);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> for the guest whose launch measurement is
    /// <paramref name="measure"/> (sev-tool package_secret, sevctl secret build): AES-128-CTR under
    /// the TEK with a fresh IV, the header MAC under the TIK binding it to that measurement.
    /// </summary>
    public static SecretPacket Build(TransportKeys keys, ReadOnlySpan<byte> measure, ReadOnlySpan<byte> plaintext, uint flags = 0)
    {
        Span<byte> iv = stackalloc byte[AesCtr.IvLength];
        RandomNumberGenerator.Fill(iv);
        return Build(keys, measure, plaintext, flags, iv);
    }

    /// <summary>The same with a given IV (known-answer tests; never reuse an IV with the same TEK).</summary>
    public static SecretPacket Build(TransportKeys keys, ReadOnlySpan<byte> measure, ReadOnlySpan<byte> plaintext, uint flags, ReadOnlySpan<byte> iv)
    {
        if (measure.Length != SevSizes.Measure)
        {
            throw new SevException(SevErrorCodes.Input, $"the measure is {measure.Length} bytes; it is {SevSizes.Measure}");
        }

        if (plaintext.IsEmpty)
        {
            throw new SevException(SevErrorCodes.Input, "the secret is empty");
        }

        var ciphertext = new byte[plaintext.Length];
        AesCtr.Transform(keys.Tek, iv, plaintext, ciphertext);
        var header = new byte[SevSizes.PacketHeader];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(PacketHeaderLayout.Flags), flags);
        iv.CopyTo(header.AsSpan(PacketHeaderLayout.Iv, AesCtr.IvLength));
        SevFormulas.SecretMac(keys.Tik, flags, iv, (uint)plaintext.Length, ciphertext, measure, header.AsSpan(PacketHeaderLayout.Mac, SevFormulas.MacLength));
        return new SecretPacket(header, ciphertext);
    }
}
