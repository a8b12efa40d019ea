namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// What made a request a device error (<see cref="RequestResult.DeviceErrorCode"/>), for a host to branch on;
/// <see cref="RequestResult.DeviceError"/> holds QEMU 7.2's text beside it.
/// </summary>
public enum DeviceErrorCode
{
    /// <summary>No device error.</summary>
    None,

    /// <summary>A control request without a readable or a writable segment.</summary>
    CtrlMissingHeaders,

    /// <summary>A control request shorter than its header and fixed part (72 bytes without REVISION_1).</summary>
    CtrlHeaderTooShort,

    /// <summary>Fewer bytes of cipher (or AEAD) key than key_len says.</summary>
    CipherKey,

    /// <summary>Fewer bytes of authentication (MAC) key than auth_key_len says.</summary>
    AuthKey,

    /// <summary>Fewer bytes of AKCIPHER key than key_len says.</summary>
    AsymKey,

    /// <summary>No room for the 16-byte virtio_crypto_session_input of a create-session request.</summary>
    Input,

    /// <summary>No room for the status byte of a destroy-session request.</summary>
    Status,

    /// <summary>A data request without a readable or a writable segment.</summary>
    DataqMissingHeaders,

    /// <summary>A data request shorter than its header and fixed part (72 bytes without REVISION_1).</summary>
    OutHeaderTooShort,

    /// <summary>The last writable segment is empty: nowhere to put the status byte.</summary>
    InHeaderTooShort,

    /// <summary>A symmetric request whose src_data_len and dst_data_len differ (QEMU's CVE-2023-3180 fix).</summary>
    SrcDstLength,

    /// <summary>The request's variable-length fields add up to more than max_size.</summary>
    TooBig,

    Iv,

    Aad,

    Source,

    /// <summary>The operation succeeded but its output does not fit the writable segments.</summary>
    Dest,

    /// <summary>The operation succeeded but the hash or MAC result does not fit after the output.</summary>
    Digest,

    /// <summary>The AKCIPHER operation succeeded but its result does not fit the writable segments.</summary>
    AsymDest,

    /// <summary>AKCIPHER source data shorter than src_data_len (QEMU: "virtio-crypto asym src data incorrect").</summary>
    AsymSource,

    /// <summary>VERIFY's signed data shorter than dst_data_len.</summary>
    AsymData,

    /// <summary>Not QEMU's: the emulator passed a data queue index the device does not have.</summary>
    NoDataQueue,
}
