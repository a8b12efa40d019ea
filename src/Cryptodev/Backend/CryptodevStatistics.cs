using System.Runtime.InteropServices;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// Per-queue counters (one cache-line-aligned row per queue, so queues running in parallel do not
/// share a line), summed when read.
/// </summary>
public sealed class CryptodevStatistics
{
    // A row per queue, padded to a multiple of 64 bytes.
    private static readonly int Stride = (Enum.GetValues<CryptodevStat>().Length + 7) / 8 * 8;
    private readonly long[] _counters;

    public CryptodevStatistics(int queues) => _counters = new long[(queues + 1) * Stride];

    /// <summary>Counts one operation of <paramref name="bytes"/> src bytes on <paramref name="queue"/>.</summary>
    public void Account(int queue, CryptodevStat ops, CryptodevStat bytes, ulong length)
    {
        var row = (queue + 1) * Stride;
        Interlocked.Increment(ref _counters[row + (int)ops]);
        Interlocked.Add(ref _counters[row + (int)bytes], (long)length);
    }

    public long this[CryptodevStat stat]
    {
        get
        {
            long sum = 0;
            for (var row = Stride; row < _counters.Length; row += Stride)
            {
                sum += Volatile.Read(ref _counters[row + (int)stat]);
            }

            return sum;
        }
    }

    /// <summary>Every counter by its query-stats name, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. Enum.GetValues<CryptodevStat>().Select(s => new KeyValuePair<string, long>(s.Name(), this[s]))];
}
