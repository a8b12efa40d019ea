using System.Runtime.InteropServices;
using Qcrypto.Primitives.Interop;

namespace Qcrypto.Primitives;

/// <summary>
/// Random bytes straight from the kernel CSPRNG (getrandom(2), blocking until the pool is seeded).
/// The same source OpenSSL seeds from; used by one-shot commands because setting up OpenSSL's DRBG
/// costs about a third of a short run's instructions (measured with callgrind on `secret encrypt`).
/// </summary>
public static class KernelRandom
{
    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    /// <exception cref="KernelRandomException">getrandom(2) failed (a kernel without it: before Linux 3.17).</exception>
    public static unsafe void Fill(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = Libc.GetRandom(start + done, (nuint)(buffer.Length - done), 0);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw new KernelRandomException($"getrandom failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }

                done += (int)n;
            }
        }
    }
}
