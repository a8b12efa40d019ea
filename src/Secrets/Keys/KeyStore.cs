using System.Diagnostics.CodeAnalysis;

namespace Qcrypto.Keys;

/// <summary>
/// The one store of key material shared by every object: each object that holds a secret puts it here
/// under its id, every consumer (a secret decrypting another, TLS key passwords, cryptodev sessions,
/// SEV launch secrets) takes a <see cref="KeyLease"/> from here.
/// </summary>
/// <remarks>
/// Thread-safe. Removing an entry drops the store's reference only: leases already handed out keep the
/// bytes valid, and the bytes are zeroed when the last of them is disposed.
/// </remarks>
public sealed class KeyStore : IDisposable
{
    private readonly Dictionary<string, SecretBuffer> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DecryptorEntry> _decryptors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Stores <paramref name="buffer"/> under <paramref name="id"/>; the store takes over the caller's reference.</summary>
    public void Put(string id, SecretBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lock)
        {
            if (_entries.ContainsKey(id) || _decryptors.ContainsKey(id))
            {
                throw new InvalidOperationException($"Key material for '{id}' is already stored");
            }

            _entries[id] = buffer;
        }
    }

    /// <summary>Stores a master key that decrypts without handing out its bytes (see <see cref="IMasterKeyDecryptor"/>).</summary>
    public void PutDecryptor(string id, IMasterKeyDecryptor decryptor)
    {
        ArgumentNullException.ThrowIfNull(decryptor);
        lock (_lock)
        {
            if (_entries.ContainsKey(id) || _decryptors.ContainsKey(id))
            {
                throw new InvalidOperationException($"Key material for '{id}' is already stored");
            }

            _decryptors[id] = new DecryptorEntry(decryptor);
        }
    }

    /// <summary>True if <paramref name="id"/> holds a master key kept outside the process.</summary>
    public bool HasDecryptor(string id)
    {
        lock (_lock)
        {
            return _decryptors.ContainsKey(id);
        }
    }

    /// <summary>
    /// Leases <paramref name="id"/> as a master key: its bytes, or its <see cref="IMasterKeyDecryptor"/>. The
    /// lease does not check the key; the caller checks the bytes' length, the decryptor prepares itself.
    /// </summary>
    public bool TryAcquireMaster(string id, [NotNullWhen(true)] out MasterKeyLease? lease)
    {
        lock (_lock)
        {
            if (_decryptors.TryGetValue(id, out var entry))
            {
                entry.Leases++;
                lease = new MasterKeyLease(entry.Decryptor, () => Return(entry));
                return true;
            }
        }

        lease = TryAcquire(id, out var bytes) ? new MasterKeyLease(bytes) : null;
        return lease is not null;
    }

    public bool Contains(string id)
    {
        lock (_lock)
        {
            return _entries.ContainsKey(id);
        }
    }

    /// <summary>Leases the key material of <paramref name="id"/>, if stored.</summary>
    public bool TryAcquire(string id, [NotNullWhen(true)] out KeyLease? lease)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(id, out var buffer))
            {
                lease = new KeyLease(id, buffer);
                return true;
            }
        }

        lease = null;
        return false;
    }

    /// <summary>True while leases of <paramref name="id"/> are open.</summary>
    public bool IsLeased(string id)
    {
        lock (_lock)
        {
            return (_entries.TryGetValue(id, out var buffer) && buffer.References > 1)
                || (_decryptors.TryGetValue(id, out var entry) && entry.Leases > 0);
        }
    }

    /// <summary>Drops the store's reference to <paramref name="id"/>.</summary>
    public void Remove(string id)
    {
        SecretBuffer? buffer;
        lock (_lock)
        {
            _decryptors.Remove(id);
            if (!_entries.Remove(id, out buffer))
            {
                return;
            }
        }

        buffer.Release();
    }

    public void Dispose()
    {
        List<SecretBuffer> all;
        lock (_lock)
        {
            all = [.. _entries.Values];
            _entries.Clear();
            _decryptors.Clear();
        }

        foreach (var buffer in all)
        {
            buffer.Release();
        }
    }

    private void Return(DecryptorEntry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
        }
    }

    private sealed class DecryptorEntry(IMasterKeyDecryptor decryptor)
    {
        public IMasterKeyDecryptor Decryptor { get; } = decryptor;

        public int Leases { get; set; }
    }
}
