namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// The counters of a backend. The sym-* and asym-* ones carry QEMU's query-stats names (target
/// "cryptodev", QEMU 8.0); hash-*, mac-* and aead-* are ours, named the same way, for the services
/// QEMU's backends never run. Each counts requests handed to a session (whatever their outcome, as
/// QEMU accounts before running them) and their src_data bytes.
/// </summary>
public enum CryptodevStat
{
    SymEncryptOps,
    SymDecryptOps,
    SymEncryptBytes,
    SymDecryptBytes,
    AsymEncryptOps,
    AsymDecryptOps,
    AsymSignOps,
    AsymVerifyOps,
    AsymEncryptBytes,
    AsymDecryptBytes,
    AsymSignBytes,
    AsymVerifyBytes,
    HashOps,
    HashBytes,
    MacOps,
    MacBytes,
    AeadEncryptOps,
    AeadDecryptOps,
    AeadEncryptBytes,
    AeadDecryptBytes,
}

internal static class CryptodevStatNames
{
    public static string Name(this CryptodevStat stat) => stat switch
    {
        CryptodevStat.SymEncryptOps => "sym-encrypt-ops",
        CryptodevStat.SymDecryptOps => "sym-decrypt-ops",
        CryptodevStat.SymEncryptBytes => "sym-encrypt-bytes",
        CryptodevStat.SymDecryptBytes => "sym-decrypt-bytes",
        CryptodevStat.AsymEncryptOps => "asym-encrypt-ops",
        CryptodevStat.AsymDecryptOps => "asym-decrypt-ops",
        CryptodevStat.AsymSignOps => "asym-sign-ops",
        CryptodevStat.AsymVerifyOps => "asym-verify-ops",
        CryptodevStat.AsymEncryptBytes => "asym-encrypt-bytes",
        CryptodevStat.AsymDecryptBytes => "asym-decrypt-bytes",
        CryptodevStat.AsymSignBytes => "asym-sign-bytes",
        CryptodevStat.AsymVerifyBytes => "asym-verify-bytes",
        CryptodevStat.HashOps => "hash-ops",
        CryptodevStat.HashBytes => "hash-bytes",
        CryptodevStat.MacOps => "mac-ops",
        CryptodevStat.MacBytes => "mac-bytes",
        CryptodevStat.AeadEncryptOps => "aead-encrypt-ops",
        CryptodevStat.AeadDecryptOps => "aead-decrypt-ops",
        CryptodevStat.AeadEncryptBytes => "aead-encrypt-bytes",
        _ => "aead-decrypt-bytes",
    };
}
