using Qcrypto.Primitives.Engines;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>CMAC-AES (16, 24 or 32-byte key), up to 16 bytes of result.</summary>
internal sealed class CmacAuthenticator(AesCmacEngine cmac) : Authenticator
{
    public override int MaxResultLength => 16;

    public override VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result)
    {
        if (first.IsEmpty)
        {
            cmac.Compute(second, result);
            return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
        }

        // A chain's AAD and region form one message; CMAC needs it contiguous.
        var joined = new byte[first.Length + second.Length];
        first.CopyTo(joined);
        second.CopyTo(joined.AsSpan(first.Length));
        cmac.Compute(joined, result);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(joined);
        return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
    }

    public override void Dispose() => cmac.Dispose();
}
