using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Keys;

/// <summary>
/// A held master key, whichever kind: the bytes of a master secret (decrypted here with AES-256-CBC), or a
/// <see cref="IMasterKeyDecryptor"/> that decrypts where the key lives. Disposing gives it back; while held,
/// the owning object counts as in use.
/// </summary>
public sealed class MasterKeyLease : IDisposable
{
    private KeyLease? _bytes;
    private Action? _release;
    private readonly IMasterKeyDecryptor? _decryptor;

    internal MasterKeyLease(KeyLease bytes) => _bytes = bytes;

    internal MasterKeyLease(IMasterKeyDecryptor decryptor, Action release)
    {
        _decryptor = decryptor;
        _release = release;
    }

    /// <summary>The key's bytes when the process holds them (a master secret); null for a key kept elsewhere.</summary>
    public KeyLease? Bytes => _bytes;

    /// <summary>Makes a key kept elsewhere ready (see <see cref="IMasterKeyDecryptor.Prepare"/>).</summary>
    internal void Prepare() => _decryptor?.Prepare();

    /// <summary>AES-256-CBC decrypts <paramref name="buffer"/> (whole blocks) in place; removes no padding.</summary>
    public void DecryptBlocks(ReadOnlySpan<byte> iv, SecretBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (_bytes is not null)
        {
            Aes256Cbc.DecryptBlocks(_bytes.Bytes, iv, buffer.Span, buffer.WritableSpan);
        }
        else
        {
            (_decryptor ?? throw new ObjectDisposedException(nameof(MasterKeyLease))).DecryptBlocks(iv, buffer);
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _bytes, null)?.Dispose();
        Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
