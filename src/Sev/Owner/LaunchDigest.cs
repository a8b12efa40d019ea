using System.Security.Cryptography;
using Qcrypto.Sev.Ovmf;

namespace Qcrypto.Sev.Owner;

/// <summary>
/// The launch digest (GCTX.LD): SHA-256 of everything QEMU 7.2 passes to LAUNCH_UPDATE_DATA, in
/// order: the whole firmware image (OVMF_CODE.fd as pflash unit 0, or -bios), then, for a measured
/// direct boot (kernel-hashes=on with -kernel), the padded kernel hashes table. Not to be confused
/// with the launch <i>measurement</i>, the HMAC over this digest that the firmware returns.
/// </summary>
public static class LaunchDigest
{
    public static byte[] Compute(ReadOnlySpan<byte> firmware, ReadOnlySpan<byte> paddedHashTable = default)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(firmware);
        sha.AppendData(paddedHashTable);
        return sha.GetHashAndReset();
    }
}
