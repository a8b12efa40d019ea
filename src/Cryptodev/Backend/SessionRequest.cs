using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>Which kind of session a <see cref="SessionRequest"/> asks for.</summary>
public enum SessionKind
{
    Cipher,
    Chain,
    Hash,
    Mac,
    Aead,
    Akcipher,
}

/// <summary>
/// The parameters of one create-session request, as the device parsed them from the control queue
/// (QEMU's CryptoDevBackendSessionInfo without the keys, which travel as spans beside it).
/// </summary>
public readonly record struct SessionRequest
{
    public SessionKind Kind { get; init; }

    /// <summary>Cipher half (Cipher, Chain): algorithm and direction.</summary>
    public VirtioCryptoCipherAlgo CipherAlgo { get; init; }

    public VirtioCryptoOp CipherOp { get; init; }

    /// <summary>Chain: order and whether the hash half is a plain hash or a MAC.</summary>
    public VirtioCryptoChainOrder ChainOrder { get; init; }

    public VirtioCryptoHashMode HashMode { get; init; }

    /// <summary>Hash half (Hash, Chain with PLAIN).</summary>
    public VirtioCryptoHashAlgo HashAlgo { get; init; }

    /// <summary>MAC half (Mac, Chain with AUTH).</summary>
    public VirtioCryptoMacAlgo MacAlgo { get; init; }

    /// <summary>Hash/MAC result length, or the AEAD tag length.</summary>
    public uint ResultLength { get; init; }

    public uint AadLength { get; init; }

    public VirtioCryptoAeadAlgo AeadAlgo { get; init; }

    public VirtioCryptoOp AeadOp { get; init; }

    public VirtioCryptoAkcipherAlgo AkcipherAlgo { get; init; }

    public VirtioCryptoAkcipherKeyType KeyType { get; init; }

    public AkcipherPara AkcipherPara { get; init; }

    /// <summary>The service the session belongs to (for statistics and the destroy opcode).</summary>
    public VirtioCryptoService Service => Kind switch
    {
        SessionKind.Cipher or SessionKind.Chain => VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_CIPHER,
        SessionKind.Hash => VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_HASH,
        SessionKind.Mac => VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_MAC,
        SessionKind.Aead => VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_AEAD,
        _ => VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_AKCIPHER,
    };
}
