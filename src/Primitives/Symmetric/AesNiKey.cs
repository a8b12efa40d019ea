using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;
using Ssse3 = System.Runtime.Intrinsics.X86.Ssse3;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// AES-128/192/256 on AES-NI. Why not System.Security.Cryptography or a libcrypto context for these
/// modes: a .NET one-shot call sets up an OpenSSL cipher context per call, several times the cost
/// of encrypting a 64-byte request, and even a libcrypto context kept per key costs more than the
/// cipher at small sizes (the figures are in the README). Round keys live in a pinned array that is
/// zeroed on <see cref="Dispose"/>. Modes whose blocks are independent (ECB, CBC decryption, CTR)
/// run four blocks at a time to hide the AESENC latency; CBC encryption is serial by nature.
/// </summary>
/// <remarks>
/// The class is sealed so that a caller holding this type (the virtio-crypto CIPHER fast path)
/// calls the modes directly, without the virtual dispatch of <see cref="AesKey"/>: NativeAOT has no
/// profile to devirtualize with, and on a 64-byte request the dispatch is measurable.
/// </remarks>
public sealed partial class AesNiKey : AesKey
{
    private readonly Vector128<byte>[] _keys;
    private readonly int _rounds;

    /// <summary>Expands <paramref name="key"/> (16, 24 or 32 bytes) into the round keys of both directions.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU has no AES-NI (check <see cref="IsSupported"/>).</exception>
    public AesNiKey(ReadOnlySpan<byte> key)
    {
        if (!IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES needs a 16, 24 or 32-byte key", nameof(key));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("this CPU has no AES-NI");
        }

        var nk = key.Length / 4;
        _rounds = nk + 6;
        _keys = GC.AllocateArray<Vector128<byte>>(2 * (_rounds + 1), pinned: true);
        AesNiKeySchedule.Expand(key, nk, _rounds, _keys);
    }

    /// <summary>True when the CPU has AES-NI (and the SSE2/SSSE3 the modes use).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported && Ssse3.IsSupported;

    private ReadOnlySpan<Vector128<byte>> EncKeys => _keys.AsSpan(0, _rounds + 1);

    private ReadOnlySpan<Vector128<byte>> DecKeys => _keys.AsSpan(_rounds + 1, _rounds + 1);

    /// <inheritdoc/>
    public override void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst) =>
        AesNiRounds.Ecb<AesEncryptDirection>(EncKeys, src, dst);

    /// <inheritdoc/>
    public override void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst) =>
        AesNiRounds.Ecb<AesDecryptDirection>(DecKeys, src, dst);

    /// <summary>One block, for GCM's H and E(K, J0).</summary>
    internal Vector128<byte> EncryptBlock(Vector128<byte> block) => AesNiRounds.Block<AesEncryptDirection>(EncKeys, block);

    /// <inheritdoc/>
    public override void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keys.AsSpan()));
}
