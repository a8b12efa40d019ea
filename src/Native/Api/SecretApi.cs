using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;
using Qcrypto.Native.Interop;

namespace Qcrypto.Native.Api;

/// <summary>
/// qcrypto_secret_lookup, _as_utf8, _as_base64 (QEMU crypto/secret_common.h) and qcrypto_free: every
/// buffer returned is the caller's until qcrypto_free, which zeroes it.
/// </summary>
internal static unsafe class SecretApi
{
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_secret_lookup")]
    public static int Lookup(nint reg, byte* id, byte** data, nuint* len, nint* errp)
    {
        try
        {
            if (data is null || len is null)
            {
                ErrorSink.Null(errp, "qcrypto_secret_lookup", data is null ? "data" : "len");
                return -1;
            }

            *data = null;
            *len = 0;
            if (Resolve(reg, id, "qcrypto_secret_lookup", errp) is not { } resolved)
            {
                return -1;
            }

            var (registry, name) = resolved;

            var (p, length) = registry.Read(name, static (r, id) =>
            {
                using var lease = r.Secrets.Bytes(id);
                return ((nint)NativeBuffers.CopyOf(lease.Bytes), lease.Length);
            });
            *data = (byte*)p;
            *len = (nuint)length;
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_secret_lookup_as_utf8")]
    public static byte* LookupUtf8(nint reg, byte* id, nint* errp)
    {
        try
        {
            if (Resolve(reg, id, "qcrypto_secret_lookup_as_utf8", errp) is not { } resolved)
            {
                return null;
            }

            var (registry, name) = resolved;

            return (byte*)registry.Read(name, static (r, id) =>
            {
                using var lease = r.Secrets.Utf8(id);
                return (nint)NativeBuffers.CopyOf(lease.Bytes);
            });
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_secret_lookup_as_base64")]
    public static byte* LookupBase64(nint reg, byte* id, nint* errp)
    {
        try
        {
            if (Resolve(reg, id, "qcrypto_secret_lookup_as_base64", errp) is not { } resolved)
            {
                return null;
            }

            var (registry, name) = resolved;

            return (byte*)registry.Read(name, static (r, id) =>
            {
                using var text = r.Secrets.Base64(id);
                return (nint)NativeBuffers.CopyOf(text.Span);
            });
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_free")]
    public static void Free(void* p)
    {
        if (p is not null && !NativeBuffers.Free(p))
        {
            Misuse.Report("qcrypto_free", "p", "buffer returned by libqcrypto");
        }
    }

    private static (NativeRegistry Registry, string Id)? Resolve(nint reg, byte* id, string function, nint* errp)
    {
        var registry = RegistryApi.Lookup(reg, function, errp);
        if (registry is null)
        {
            return null;
        }

        if (NativeText.Id(id) is not { } name)
        {
            ErrorSink.Null(errp, function, "id");
            return null;
        }

        return (registry, name);
    }
}
