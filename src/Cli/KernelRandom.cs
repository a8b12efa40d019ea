using System.Runtime.InteropServices;

namespace Qcrypto.Cli;

/// <summary>
/// Random bytes straight from the kernel CSPRNG (getrandom(2), blocking until the pool is seeded).
/// The same source OpenSSL seeds from; used by the CLI because setting up OpenSSL's DRBG costs about a
/// third of a short run's instructions (measured with callgrind on `secret encrypt`).
/// </summary>
internal static partial class KernelRandom
{
    private const int EINTR = 4;

    public static unsafe void Fill(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = GetRandom(start + done, (nuint)(buffer.Length - done), 0);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    throw new Posix.PosixException($"getrandom failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }

                done += (int)n;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
