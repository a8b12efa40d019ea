using System.Buffers.Binary;
using System.Security.Cryptography;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Crypto;

/// <summary>
/// The MACs of the SEV launch protocol, in one place for both sides (the firmware model checks what
/// the guest owner computes): every integer little-endian, every MAC HMAC-SHA-256.
/// </summary>
public static class SevFormulas
{
    /// <summary>LAUNCH_MEASURE's context byte (API ≥ 0.17).</summary>
    public const byte MeasureContext = 0x04;

    /// <summary>LAUNCH_SECRET's packet-header MAC context byte.</summary>
    public const byte SecretContext = 0x01;

    public const int MacLength = HMACSHA256.HashSizeInBytes;

    /// <summary>Session keys from the ECDH shared secret Z and the session nonce: KEK and KIK (16 bytes each).</summary>
    public static void DeriveSessionKeys(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> nonce, Span<byte> kek, Span<byte> kik)
    {
        Span<byte> master = stackalloc byte[16];
        try
        {
            SevKdf.Derive(sharedSecret, SevKdf.MasterSecretLabel, nonce, master);
            SevKdf.Derive(master, SevKdf.KekLabel, [], kek);
            SevKdf.Derive(master, SevKdf.KikLabel, [], kik);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    /// <summary>WRAP_MAC = HMAC(KIK, WRAP_TK).</summary>
    public static void WrapMac(ReadOnlySpan<byte> kik, ReadOnlySpan<byte> wrappedKeys, Span<byte> mac) => HMACSHA256.HashData(kik, wrappedKeys, mac);

    /// <summary>POLICY_MAC = HMAC(TIK, POLICY as 4 LE bytes).</summary>
    public static void PolicyMac(ReadOnlySpan<byte> tik, SevPolicy policy, Span<byte> mac)
    {
        Span<byte> p = stackalloc byte[4];
        policy.Write(p);
        HMACSHA256.HashData(tik, p, mac);
    }

    /// <summary>
    /// MEASUREMENT = HMAC(TIK, 0x04 ‖ API_MAJOR ‖ API_MINOR ‖ BUILD ‖ POLICY ‖ DIGEST ‖ MNONCE), where
    /// DIGEST (GCTX.LD) is the SHA-256 of everything LAUNCH_UPDATE_DATA received, in order.
    /// </summary>
    public static void Measurement(ReadOnlySpan<byte> tik, byte apiMajor, byte apiMinor, byte build, SevPolicy policy,
        ReadOnlySpan<byte> digest, ReadOnlySpan<byte> mnonce, Span<byte> measure)
    {
        if (digest.Length != SHA256.HashSizeInBytes || mnonce.Length != SevSizes.Mnonce)
        {
            throw new ArgumentException("the launch digest is 32 bytes and the mnonce 16");
        }

        Span<byte> input = stackalloc byte[1 + 3 + 4 + 32 + 16];
        input[0] = MeasureContext;
        input[1] = apiMajor;
        input[2] = apiMinor;
        input[3] = build;
        policy.Write(input[4..]);
        digest.CopyTo(input[8..]);
        mnonce.CopyTo(input[40..]);
        HMACSHA256.HashData(tik, input, measure);
    }

    /// <summary>
    /// The LAUNCH_SECRET header MAC: HMAC(TIK, 0x01 ‖ FLAGS ‖ IV ‖ GUEST_LENGTH ‖ TRANS_LENGTH ‖
    /// TRANS_DATA ‖ MEASURE), MEASURE being the 32 bytes LAUNCH_MEASURE returned.
    /// </summary>
    public static void SecretMac(ReadOnlySpan<byte> tik, uint flags, ReadOnlySpan<byte> iv, uint guestLength, ReadOnlySpan<byte> transport,
        ReadOnlySpan<byte> measure, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, tik);
        Span<byte> head = stackalloc byte[1 + 4 + 16 + 4 + 4];
        head[0] = SecretContext;
        BinaryPrimitives.WriteUInt32LittleEndian(head[1..], flags);
        iv.CopyTo(head[5..]);
        BinaryPrimitives.WriteUInt32LittleEndian(head[21..], guestLength);
        BinaryPrimitives.WriteUInt32LittleEndian(head[25..], (uint)transport.Length);
        hmac.AppendData(head);
        hmac.AppendData(transport);
        hmac.AppendData(measure);
        hmac.GetHashAndReset(mac);
    }
}
