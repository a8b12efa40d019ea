using System.Security.Cryptography;

namespace Qcrypto.Crypto;

/// <summary>
/// AES through System.Security.Cryptography (OpenSSL) for CPUs without AES-NI: correct, slower (every
/// call sets up an OpenSSL context). The Aes object is not documented thread-safe, hence the lock.
/// </summary>
internal sealed class ManagedAesKey : AesKey
{
    private readonly Aes _aes = Aes.Create();
    private readonly Lock _lock = new();

    public ManagedAesKey(ReadOnlySpan<byte> key)
    {
        if (!IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES needs a 16, 24 or 32-byte key", nameof(key));
        }

        var copy = key.ToArray();
        _aes.Key = copy;
        CryptographicOperations.ZeroMemory(copy);
    }

    public override void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        lock (_lock)
        {
            _aes.EncryptEcb(src, dst, PaddingMode.None);
        }
    }

    public override void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        lock (_lock)
        {
            _aes.DecryptEcb(src, dst, PaddingMode.None);
        }
    }

    public override void Dispose() => _aes.Dispose();
}
