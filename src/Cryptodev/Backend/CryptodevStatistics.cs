using System.Runtime.CompilerServices;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// A backend's counters. Each thread that runs requests counts in a row of its own (plain adds, no
/// interlocked operation on the hot path: two of those were a tenth of a 64-byte request), and
/// reading sums every row. Rows of threads that ended stay, so nothing counted is lost.
/// </summary>
public sealed class CryptodevStatistics
{
    private static readonly int Count = Enum.GetValues<CryptodevStat>().Length;

    [ThreadStatic]
    private static (CryptodevStatistics? Owner, long[]? Row) t_current;

    private readonly List<long[]> _rows = [];
    private readonly Lock _lock = new();
    private readonly ThreadLocal<long[]> _local;

    /// <param name="queues">Kept for the shape of QEMU's per-backend statistics; the counters are per backend.</param>
    public CryptodevStatistics(int queues)
    {
        _ = queues;
        _local = new ThreadLocal<long[]>(NewRow);
    }

    /// <summary>Counts one operation of <paramref name="length"/> src bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Account(int queue, CryptodevStat ops, CryptodevStat bytes, ulong length)
    {
        _ = queue;
        var current = t_current;
        var row = current.Owner == this ? current.Row! : Row();
        Volatile.Write(ref row[(int)ops], row[(int)ops] + 1);
        Volatile.Write(ref row[(int)bytes], row[(int)bytes] + (long)length);
    }

    public long this[CryptodevStat stat]
    {
        get
        {
            long sum = 0;
            lock (_lock)
            {
                foreach (var row in _rows)
                {
                    sum += Volatile.Read(ref row[(int)stat]);
                }
            }

            return sum;
        }
    }

    /// <summary>Every counter by its query-stats name, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. Enum.GetValues<CryptodevStat>().Select(s => new KeyValuePair<string, long>(s.Name(), this[s]))];

    /// <summary>This thread's row for this backend (the one-entry cache above missed: another backend, or the first request).</summary>
    private long[] Row()
    {
        var row = _local.Value!;
        t_current = (this, row);
        return row;
    }

    private long[] NewRow()
    {
        // Padded by a cache line at the end so that rows of different threads do not share one.
        var row = new long[Count + 8];
        lock (_lock)
        {
            _rows.Add(row);
        }

        return row;
    }
}
