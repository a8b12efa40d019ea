using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>
/// An algorithm-chaining session: a cipher and a hash (PLAIN) or MAC (AUTH). CIPHER_THEN_HASH hashes
/// the cipher's output (encrypt-then-MAC); HASH_THEN_CIPHER hashes the input before the cipher runs
/// (verify-then-decrypt). The hash covers the request's AAD, then its hashed region.
/// </summary>
internal sealed class ChainSession(SessionRequest request, SymmetricCipher cipher, Authenticator authenticator) : CryptoSession(request)
{
    public SymmetricCipher Cipher { get; } = cipher;

    public Authenticator Authenticator { get; } = authenticator;

    public bool Encrypt => Request.CipherOp == VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT;

    public bool HashFirst => Request.ChainOrder == VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER;

    protected override void FreePrimitives()
    {
        Cipher.Dispose();
        Authenticator.Dispose();
    }
}
