using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// The sessions of one backend: a fixed array of slots (the limit, QEMU's MAX_NUM_SESSIONS = 256 by
/// default). A session id is the slot index in its low 32 bits and the slot's reuse count above, so
/// the first session is 0 as in QEMU, yet a destroyed session's id never reaches a later session
/// that got the same slot (a late request gets INVSESS, not someone else's key). Lookups are
/// lock-free; create and destroy take a lock.
/// </summary>
internal sealed class SessionTable
{
    private readonly CryptoSession?[] _slots;
    private readonly uint[] _generations;
    private readonly Lock _lock = new();
    private int _count;

    public SessionTable(int limit)
    {
        _slots = new CryptoSession?[limit];
        _generations = new uint[limit];
    }

    public int Limit => _slots.Length;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Stores <paramref name="session"/> and gives it its id; false when every slot is taken.</summary>
    public bool TryAdd(CryptoSession session)
    {
        lock (_lock)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] is null)
                {
                    session.Id = (ulong)_generations[i] << 32 | (uint)i;
                    _generations[i]++;
                    Volatile.Write(ref _slots[i], session);
                    _count++;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The session <paramref name="id"/> with a reference taken for one request (release it after).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAcquire(ulong id, [NotNullWhen(true)] out CryptoSession? session)
    {
        var slot = id & 0xFFFFFFFF;
        session = slot < (ulong)_slots.Length ? Volatile.Read(ref _slots[slot]) : null;
        if (session is not null && session.Id == id && session.TryAcquire())
        {
            return true;
        }

        session = null;
        return false;
    }

    /// <summary>Removes <paramref name="id"/> and drops the table's reference; false if there is no such session.</summary>
    public bool Remove(ulong id)
    {
        CryptoSession? session;
        lock (_lock)
        {
            var slot = id & 0xFFFFFFFF;
            session = slot < (ulong)_slots.Length ? _slots[slot] : null;
            if (session is null || session.Id != id)
            {
                return false;
            }

            Volatile.Write(ref _slots[slot], null);
            _count--;
        }

        session.Release();
        return true;
    }

    /// <summary>Removes every session (the backend is going away).</summary>
    public void Clear()
    {
        List<CryptoSession> all = [];
        lock (_lock)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] is { } s)
                {
                    all.Add(s);
                    _slots[i] = null;
                }
            }

            _count = 0;
        }

        foreach (var s in all)
        {
            s.Release();
        }
    }
}
