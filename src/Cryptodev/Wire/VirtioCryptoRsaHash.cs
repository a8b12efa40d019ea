namespace Qcrypto.Cryptodev.Wire;

/// <summary>virtio_crypto_rsa_session_para.hash_algo: the DigestInfo of PKCS#1 v1.5 signatures.</summary>
public enum VirtioCryptoRsaHash : uint
{
    VIRTIO_CRYPTO_RSA_NO_HASH = 0,
    VIRTIO_CRYPTO_RSA_MD2 = 1,
    VIRTIO_CRYPTO_RSA_MD3 = 2,
    VIRTIO_CRYPTO_RSA_MD4 = 3,
    VIRTIO_CRYPTO_RSA_MD5 = 4,
    VIRTIO_CRYPTO_RSA_SHA1 = 5,
    VIRTIO_CRYPTO_RSA_SHA256 = 6,
    VIRTIO_CRYPTO_RSA_SHA384 = 7,
    VIRTIO_CRYPTO_RSA_SHA512 = 8,
    VIRTIO_CRYPTO_RSA_SHA224 = 9,
}
