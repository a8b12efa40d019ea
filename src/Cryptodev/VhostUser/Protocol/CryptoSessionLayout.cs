namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>
/// Which VhostUserCryptoSession layout CREATE_CRYPTO_SESSION carries. There is no negotiation: the
/// payload is a memcpy of QEMU's C structs, and it changed incompatibly in QEMU 8.1.
/// </summary>
public enum CryptoSessionLayout
{
    /// <summary>
    /// QEMU 7.1 to 8.0 (what the installed QEMU 7.2 sends), 632 bytes: int64 session_id, then
    /// CryptoDevBackendSymSessionInfo (48 bytes, two host pointers included), key[64], auth_key[512].
    /// Only CIPHER and chained sessions can be expressed.
    /// </summary>
    Qemu72,

    /// <summary>
    /// QEMU 8.1 and later, 1072 bytes: u64 op_code, a union of {SymSessionInfo, key[64], auth_key[512]}
    /// and {AsymSessionInfo (32 bytes), key[1024]}, then int64 session_id last. Every service.
    /// </summary>
    Qemu81,
}
