using Qcrypto.Posix;
using Qcrypto.Sev.Software;

namespace Qcrypto.Native.Sev;

/// <summary>
/// The software SEV platforms this process has open, one <see cref="SoftwarePsp"/> per directory shared by
/// every guest on it and by query-sev-capabilities. Opening a platform takes an exclusive lock on its
/// directory (other processes wait), and a second open from this process would wait on its own lock: so
/// the open platform is shared, counted, and closed with its last user. Every firmware command runs under
/// <see cref="Lease.Gate"/> (the PSP runs one command at a time).
/// </summary>
internal static class SevPlatforms
{
    private static readonly Dictionary<string, Lease> Open = new(StringComparer.Ordinal);

    public static Lease Acquire(string directory)
    {
        var path = PosixFile.FullPath(directory);
        lock (Open)
        {
            if (Open.TryGetValue(path, out var lease))
            {
                lease.Users++;
                return lease;
            }

            lease = new Lease(path, SoftwarePsp.Open(path));
            Open[path] = lease;
            return lease;
        }
    }

    public static void Release(Lease lease)
    {
        lock (Open)
        {
            if (--lease.Users > 0)
            {
                return;
            }

            Open.Remove(lease.Path);
        }

        lock (lease.Gate)
        {
            lease.Platform.Dispose();
        }
    }

    internal sealed class Lease(string path, SoftwarePsp platform)
    {
        public string Path { get; } = path;

        public SoftwarePsp Platform { get; } = platform;

        public object Gate { get; } = new();

        public int Users { get; set; } = 1;
    }
}
