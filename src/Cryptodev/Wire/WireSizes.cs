namespace Qcrypto.Cryptodev.Wire;

/// <summary>The fixed sizes of the spec (VIRTIO_CRYPTO_*_HDR_* and struct sizes).</summary>
internal static class WireSizes
{
    /// <summary>virtio_crypto_ctrl_header.</summary>
    public const int CtrlHeader = 16;

    /// <summary>virtio_crypto_op_header.</summary>
    public const int OpHeader = 24;

    /// <summary>VIRTIO_CRYPTO_CTRLQ_OP_SPEC_HDR_LEGACY: a control flf's size without REVISION_1.</summary>
    public const int CtrlqOpSpecHdrLegacy = 56;

    /// <summary>VIRTIO_CRYPTO_DATAQ_OP_SPEC_HDR_LEGACY: a data flf's size without REVISION_1.</summary>
    public const int DataqOpSpecHdrLegacy = 48;

    /// <summary>VIRTIO_CRYPTO_SYM_SESS_OP_SPEC_HDR_SIZE: the union in a symmetric session flf.</summary>
    public const int SymSessOpSpecHdrSize = 48;

    /// <summary>VIRTIO_CRYPTO_ALG_CHAIN_SESS_OP_SPEC_HDR_SIZE: the hash/MAC union in a chain session flf.</summary>
    public const int AlgChainSessOpSpecHdrSize = 16;

    /// <summary>VIRTIO_CRYPTO_AKCIPHER_SESS_ALGO_SPEC_HDR_SIZE: the RSA/ECDSA union in an AKCIPHER session flf.</summary>
    public const int AkcipherSessAlgoSpecHdrSize = 44;

    /// <summary>VIRTIO_CRYPTO_SYM_DATA_REQ_HDR_SIZE: the union in a symmetric data flf.</summary>
    public const int SymDataReqHdrSize = 40;

    /// <summary>VIRTIO_CRYPTO_SYM_DATE_REQ_HDR_STATELESS_SIZE (sic): the union in a stateless symmetric data flf.</summary>
    public const int SymDataReqHdrStatelessSize = 72;

    /// <summary>virtio_crypto_create_session_input.</summary>
    public const int CreateSessionInput = 16;

    /// <summary>virtio_crypto_destroy_session_input.</summary>
    public const int DestroySessionInput = 1;

    /// <summary>virtio_crypto_config.</summary>
    public const int Config = 56;
}
