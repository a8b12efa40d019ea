using System.Security.Cryptography;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// The one AES fallback, for CPUs without AES-NI: System.Security.Cryptography (OpenSSL) one block
/// at a time under the base class's modes. Correct, slower (every call sets up an OpenSSL context).
/// The Aes object is not documented thread-safe, hence the lock.
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

        // Aes keeps its own copy of the key (zeroed on Dispose); ours is pinned, so no unzeroed copy is left behind by a GC move.
        var copy = PinnedBytes.Copy(key);
        try
        {
            _aes.Key = copy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
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
