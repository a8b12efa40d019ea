namespace Qcrypto.Primitives.Evp;

/// <summary>The AES block modes <see cref="EvpAesCipher"/> runs.</summary>
public enum EvpAesMode
{
    /// <summary>ECB: whole blocks, no IV.</summary>
    Ecb,

    /// <summary>CBC without padding: whole blocks, a 16-byte IV.</summary>
    Cbc,

    /// <summary>CTR with a 128-bit big-endian counter (the 16-byte IV is the first counter block).</summary>
    Ctr,

    /// <summary>XTS (IEEE 1619): key1 || key2, the 16-byte IV is the tweak, at least one block per data unit.</summary>
    Xts,
}
