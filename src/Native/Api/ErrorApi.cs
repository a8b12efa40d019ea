using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;

namespace Qcrypto.Native.Api;

/// <summary>qcrypto_error_get_pretty / _get_code / _free (QEMU's error_get_pretty and error_free).</summary>
internal static unsafe class ErrorApi
{
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_error_get_pretty")]
    public static byte* GetPretty(nint err) => HandleTable.Get<NativeError>(err) is { } e ? e.PrettyPointer : null;

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_error_get_code")]
    public static byte* GetCode(nint err) => HandleTable.Get<NativeError>(err) is { } e ? e.CodePointer : null;

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_error_free")]
    public static void Free(nint err)
    {
        if (err == 0)
        {
            return;
        }

        if (HandleTable.Remove<NativeError>(err) is { } e)
        {
            e.Dispose();
        }
        else
        {
            Misuse.Report("qcrypto_error_free", "err", "QcryptoError");
        }
    }
}
