namespace Qcrypto.Cryptodev.Wire;

/// <summary>virtio_crypto_rsa_session_para.padding_algo.</summary>
public enum VirtioCryptoRsaPadding : uint
{
    /// <summary>Textbook RSA on zero-left-padded values; never for sign/verify.</summary>
    VIRTIO_CRYPTO_RSA_RAW_PADDING = 0,

    /// <summary>PKCS#1 v1.5 (RSAES for encrypt/decrypt, EMSA-PKCS1-v1_5 with hash_algo for sign/verify).</summary>
    VIRTIO_CRYPTO_RSA_PKCS1_PADDING = 1,
}
