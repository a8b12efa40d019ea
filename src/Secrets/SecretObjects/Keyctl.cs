using System.Runtime.InteropServices;
using Qcrypto.Interop;
using Qcrypto.Keys;
using Qcrypto.Posix;

namespace Qcrypto.SecretObjects;

/// <summary>
/// Reads Linux kernel keys through libkeyutils' keyctl_read (keyctl(2) KEYCTL_READ), straight into a
/// pinned buffer. Like QEMU, a first call sizes the payload and an empty payload is an error.
/// </summary>
internal static class Keyctl
{
    public static SecretBuffer Read(int serial)
    {
        long size;
        try
        {
            size = Keyutils.keyctl_read(serial, IntPtr.Zero, 0);
        }
        catch (DllNotFoundException e)
        {
            throw new KeyctlException(0, "the keyutils library (libkeyutils.so.1) is not installed", e);
        }

        if (size <= 0)
        {
            throw KeyctlException.FromErrno(size == 0 ? 0 : Marshal.GetLastPInvokeError());
        }

        // The payload can grow between the calls: read until it fits.
        while (true)
        {
            var buffer = SecretBuffer.Allocate((int)size);
            long got;
            unsafe
            {
                fixed (byte* p = buffer.WritableSpan)
                {
                    got = Keyutils.keyctl_read(serial, (IntPtr)p, (nuint)size);
                }
            }

            if (got < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                buffer.Dispose();
                throw KeyctlException.FromErrno(errno);
            }

            if (got <= size)
            {
                buffer.Truncate((int)got);
                return buffer;
            }

            buffer.Dispose();
            size = got;
        }
    }
}

/// <summary>A keyctl call failed; <see cref="Exception.Message"/> is strerror(errno).</summary>
internal sealed class KeyctlException(int errno, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Errno { get; } = errno;

    public static KeyctlException FromErrno(int errno) =>
        new(errno, errno == 0 ? "Success" : PosixFile.StrError(errno));
}
