using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>
/// Builds the builtin backend's sessions from a request and its keys: for the session table, and
/// for stateless requests (a session that lives for one request). Unknown algorithms and modes are
/// NOTSUPP; parameters the algorithm cannot take (key, tag or result lengths, directions) are ERR.
/// </summary>
internal static class BuiltinSessions
{
    public static VirtioCryptoStatus Build(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, ulong maxSize, out CryptoSession? session)
    {
        session = null;
        switch (request.Kind)
        {
            case SessionKind.Cipher:
            {
                if (!IsDirection(request.CipherOp))
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                var status = SymmetricCipher.TryCreate(request.CipherAlgo, cipherKey, out var cipher);
                session = cipher is null ? null : new CipherSession(request, cipher);
                return status;
            }

            case SessionKind.Chain:
                return BuildChain(request, cipherKey, authKey, maxSize, out session);
            case SessionKind.Hash:
            {
                var status = Authenticator.TryCreateHash(request.HashAlgo, request.ResultLength, maxSize, out var hash);
                session = hash is null ? null : new AuthenticatorSession(request, hash);
                return status;
            }

            case SessionKind.Mac:
            {
                var status = Authenticator.TryCreateMac(request.MacAlgo, authKey, request.ResultLength, out var mac);
                session = mac is null ? null : new AuthenticatorSession(request, mac);
                return status;
            }

            case SessionKind.Aead:
            {
                if (!IsDirection(request.AeadOp))
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                var status = AeadCipher.TryCreate(request.AeadAlgo, cipherKey, request.ResultLength, out var aead);
                session = aead is null ? null : new AeadSession(request, aead);
                return status;
            }

            default:
            {
                var status = Akcipher.TryCreate(request.AkcipherAlgo, request.KeyType, request.AkcipherPara, cipherKey, out var akcipher);
                session = akcipher is null ? null : new AkcipherSession(request, akcipher);
                return status;
            }
        }
    }

    private static VirtioCryptoStatus BuildChain(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, ulong maxSize, out CryptoSession? session)
    {
        session = null;
        if (request.HashMode is not (VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN or VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH))
        {
            // QEMU's device: "unsupported hash mode" (NESTED is never specified further).
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        if (!IsDirection(request.CipherOp)
            || request.ChainOrder is not (VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER
                or VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        var status = request.HashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN
            ? Authenticator.TryCreateHash(request.HashAlgo, request.ResultLength, maxSize, out var auth)
            : Authenticator.TryCreateMac(request.MacAlgo, authKey, request.ResultLength, out auth);
        if (auth is null)
        {
            return status;
        }

        if (!auth.CanChain)
        {
            auth.Dispose();
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        status = SymmetricCipher.TryCreate(request.CipherAlgo, cipherKey, out var cipher);
        if (cipher is null)
        {
            auth.Dispose();
            return status;
        }

        session = new ChainSession(request, cipher, auth);
        return VIRTIO_CRYPTO_OK;
    }

    private static bool IsDirection(VirtioCryptoOp op) => op is VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT or VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT;
}
