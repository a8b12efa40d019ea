using Qcrypto.Native.Interop;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Native.Tls;

/// <summary>
/// The C caller's write/read callbacks as a <see cref="TlsTransport"/>: -1 with errno EAGAIN, EWOULDBLOCK or
/// EINTR is "would block" (as in QEMU); -1 with any other errno fails the session with strerror's words.
/// </summary>
internal sealed unsafe class CallbackTransport : TlsTransport
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    private delegate* unmanaged<byte*, nuint, void*, nint> _write;
    private delegate* unmanaged<byte*, nuint, void*, nint> _read;
    private void* _opaque;

    public bool IsSet => _write is not null && _read is not null;

    public void Set(delegate* unmanaged<byte*, nuint, void*, nint> write, delegate* unmanaged<byte*, nuint, void*, nint> read, void* opaque)
    {
        _write = write;
        _read = read;
        _opaque = opaque;
    }

    public override int Write(ReadOnlySpan<byte> data)
    {
        var write = _write;
        if (write is null)
        {
            throw new IOException("no write callback set (qcrypto_tls_session_set_callbacks)");
        }

        fixed (byte* p = data)
        {
            NativeText.SetErrno(0);
            var n = write(p, (nuint)data.Length, _opaque);
            return n >= 0 ? (int)Math.Min(n, data.Length) : Failed("write");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _read;
        if (read is null)
        {
            throw new IOException("no read callback set (qcrypto_tls_session_set_callbacks)");
        }

        fixed (byte* p = buffer)
        {
            NativeText.SetErrno(0);
            var n = read(p, (nuint)buffer.Length, _opaque);
            return n >= 0 ? (int)Math.Min(n, buffer.Length) : Failed("read");
        }
    }

    private static int Failed(string what)
    {
        var errno = NativeText.Errno;
        if (errno is EAGAIN or EINTR)
        {
            return WouldBlock;
        }

        var text = errno == 0 ? "failed without setting errno" : System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        throw new IOException($"{what} callback: {text}");
    }
}
