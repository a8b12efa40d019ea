namespace Qcrypto.Cryptodev.Wire;

/// <summary>enum VIRTIO_CRYPTO_STATUS (virtio spec, "Operation Status"): the outcome of every request.</summary>
public enum VirtioCryptoStatus : byte
{
    VIRTIO_CRYPTO_OK = 0,

    /// <summary>Any failure not listed below (malformed request, bad key, buffer too small, ...).</summary>
    VIRTIO_CRYPTO_ERR = 1,

    /// <summary>Authentication failed; only for AEAD decryption.</summary>
    VIRTIO_CRYPTO_BADMSG = 2,

    /// <summary>Operation or algorithm not supported.</summary>
    VIRTIO_CRYPTO_NOTSUPP = 3,

    /// <summary>Invalid session id on a data request.</summary>
    VIRTIO_CRYPTO_INVSESS = 4,

    /// <summary>No free session id; only when VIRTIO_CRYPTO_F_REVISION_1 was negotiated.</summary>
    VIRTIO_CRYPTO_NOSPC = 5,

    /// <summary>Signature verification failed; only for AKCIPHER verify.</summary>
    VIRTIO_CRYPTO_KEY_REJECTED = 6,
}
