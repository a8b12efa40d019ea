using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>An AEAD session; the request's opcode (AEAD_ENCRYPT/DECRYPT) must match the session's op.</summary>
internal sealed class AeadSession(SessionRequest request, AeadCipher aead) : CryptoSession(request)
{
    public AeadCipher Aead { get; } = aead;

    public bool Encrypt => Request.AeadOp == VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT;

    protected override void FreePrimitives() => Aead.Dispose();
}
