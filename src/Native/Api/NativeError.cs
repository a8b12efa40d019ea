using System.Runtime.InteropServices;
using System.Text;

namespace Qcrypto.Native.Api;

/// <summary>
/// A QcryptoError: a stable code and the message, each a NUL-terminated string that lives as long as the
/// error (QEMU's Error, whose error_get_pretty pointer stays valid until error_free).
/// </summary>
internal sealed unsafe class NativeError : IDisposable
{
    private byte* _code;
    private byte* _pretty;

    public NativeError(string code, string message)
    {
        Code = code;
        Message = message;
        _code = Allocate(code);
        _pretty = Allocate(message);
    }

    public string Code { get; }

    public string Message { get; }

    public byte* CodePointer => _code;

    public byte* PrettyPointer => _pretty;

    public void Dispose()
    {
        NativeMemory.Free(_code);
        NativeMemory.Free(_pretty);
        _code = _pretty = null;
    }

    private static byte* Allocate(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var p = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }
}
