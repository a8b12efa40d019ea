using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>
/// A CIPHER session (VIRTIO_CRYPTO_SYM_OP_CIPHER). The direction is the session's, as in QEMU: a
/// request's CIPHER_ENCRYPT/DECRYPT opcode does not override it.
/// </summary>
internal sealed class CipherSession(SessionRequest request, SymmetricCipher cipher) : CryptoSession(request)
{
    public SymmetricCipher Cipher { get; } = cipher;

    public bool Encrypt => Request.CipherOp == VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT;

    protected override void FreePrimitives() => Cipher.Dispose();
}
