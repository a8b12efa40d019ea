using Qcrypto.Primitives.Engines;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// GMAC-AES: GCM with no plaintext, the message as AAD. A MAC request carries no IV field, so ours
/// takes the first 12 bytes of src_data as the IV (the rest is the message); a shorter src is ERR.
/// Up to 16 bytes of tag. Not usable in a chained session (the chain's AAD would come first).
/// </summary>
internal sealed class GmacAuthenticator(AesGcmEngine gcm) : Authenticator
{
    public const int IvLength = 12;

    public override int MaxResultLength => 16;

    public override bool CanChain => false;

    public override VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result)
    {
        if (!first.IsEmpty || second.Length < IvLength)
        {
            return VirtioCryptoStatus.VIRTIO_CRYPTO_ERR;
        }

        gcm.ComputeGmac(second[..IvLength], second[IvLength..], result);
        return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
    }

    public override void Dispose() => gcm.Dispose();
}
